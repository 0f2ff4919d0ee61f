# Words shared by every part of fundpolicy.

# What stands before the help line of a diagnostic (as wide as `help: `).
diag-help = {"help: "}

# The label under the place a diagnostic points at.
here = here
