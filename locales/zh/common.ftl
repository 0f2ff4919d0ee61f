# Words shared by every part of fundpolicy.

# What stands before the help line of a diagnostic (as wide as `help: `).
diag-help = 提示：

# The label under the place a diagnostic points at.
here = 这里
