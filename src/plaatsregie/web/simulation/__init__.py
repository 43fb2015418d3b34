"""The simulation area: policy simulations run in the background, and the policy change preview (issue 5)."""
