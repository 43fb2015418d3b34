"""Domain errors: each carries a message a person can act on."""


class DomainError(Exception):
    """Base class for every error the domain raises on bad input or an impossible action."""


class UnknownModuleError(DomainError):
    """A module code that the module catalogue does not know."""


class PolicyError(DomainError):
    """A prioritisation policy file that cannot be used."""


class InputError(DomainError):
    """A place or request description that does not follow the documented format."""
