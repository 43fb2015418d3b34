"""Monitoring on four levels — demand, supply, matching, collaboration — for facilities, provinces and Flanders
(seed 002, Stap 7; DOMAIN.md D-27 … D-35). Each indicator is defined once, here, with the words shown in the
interface; dashboards, exports and the PDF monthly report only present what these functions compute."""
