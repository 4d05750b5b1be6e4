# Every dependency comes from a Debian 12 package: `scripts/bootstrap run` installs what the
# library, the server and the command need, `scripts/bootstrap test` adds GoogleTest and
# Google Benchmark.
find_package(OpenSSL 3 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(ARGON2 REQUIRED IMPORTED_TARGET libargon2)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
pkg_check_modules(LIBXCRYPT REQUIRED IMPORTED_TARGET libxcrypt)
pkg_check_modules(ICU REQUIRED IMPORTED_TARGET icu-uc)
find_package(tomlplusplus REQUIRED)
find_package(CLI11 REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(Threads REQUIRED)
if(restjwt_tests)
  find_package(GTest REQUIRED)
endif()
if(RESTJWT_BUILD_BENCH AND NOT RESTJWT_FUZZ)
  find_package(benchmark REQUIRED)
endif()

# Collects the sources of one folder; a new file there is picked up at the next build.
function(restjwt_glob out_var)
  file(GLOB_RECURSE found CONFIGURE_DEPENDS ${ARGN})
  set(${out_var} ${found} PARENT_SCOPE)
endfunction()

# One of restjwt's static libraries: the sources its globs find, the internal headers of src/
# (and any INTERNAL folders) privately, the PUBLIC and PRIVATE links given, and the warning set
# for its own sources only (a static library's private links are recorded for its users, so
# restjwt_warnings is a build-time link and never reaches them).
#
#   restjwt_library(NAME GLOBS <patterns> [INTERNAL <dirs>] [PUBLIC <libs>] [PRIVATE <libs>]
#                   [DEFINITIONS <private definitions>])
function(restjwt_library name)
  cmake_parse_arguments(PARSE_ARGV 1 lib "" "" "GLOBS;INTERNAL;PUBLIC;PRIVATE;DEFINITIONS")
  restjwt_glob(sources ${lib_GLOBS})
  add_library(${name} STATIC ${sources})
  target_include_directories(${name} PRIVATE ${lib_INTERNAL} ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${lib_PUBLIC}
                                PRIVATE $<BUILD_INTERFACE:restjwt_warnings> ${lib_PRIVATE})
  if(lib_DEFINITIONS)
    target_compile_definitions(${name} PRIVATE ${lib_DEFINITIONS})
  endif()
endfunction()
