# The project's warning set. Dependencies are included as SYSTEM so their
# headers do not trip it.
add_library(restjwt_warnings INTERFACE)
target_compile_options(restjwt_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wold-style-cast
  -Werror=switch -Werror=return-type -Wnon-virtual-dtor -Woverloaded-virtual)
