# restjwt/version.hpp, generated from project(VERSION) into the build tree: the version is
# written once, in the top-level CMakeLists.txt.
set(RESTJWT_GENERATED_INCLUDE_DIR ${PROJECT_BINARY_DIR}/generated/include)
configure_file(${PROJECT_SOURCE_DIR}/cmake/version.hpp.in
               ${RESTJWT_GENERATED_INCLUDE_DIR}/restjwt/version.hpp @ONLY)
