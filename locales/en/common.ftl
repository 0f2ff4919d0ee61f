# Words shared by every part of fundpolicy.

# The label under the place a diagnostic points at.
here = here
