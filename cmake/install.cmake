# `cmake --install BUILD --prefix P`: the command, and the library as a CMake package and a
# pkg-config module (docs/library.md):
#   bin/restjwt                                     component "runtime" (what the .deb ships)
#   include/restjwt/*.hpp (with version.hpp)        component "development", as everything below
#   lib/librestjwt_<name>.a
#   lib/cmake/restjwt/restjwtConfig.cmake, restjwtConfigVersion.cmake, restjwtTargets*.cmake:
#                                                   find_package(restjwt) gives restjwt::<name>
#   lib/pkgconfig/restjwt.pc
# Both descriptions are relocatable: they find the prefix from where they were installed.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# In the order a static link needs them: every library before the ones it links. The pkg-config
# Libs line is this list; restjwt_check_link_order below fails the configure if it goes stale.
set(restjwt_library_names service http_client config server views sqlite postgres stores jose passwords core)

set(restjwt_library_targets)
foreach(name ${restjwt_library_names})
  set_target_properties(restjwt_${name} PROPERTIES EXPORT_NAME ${name})
  # The installed names work in the build tree too (add_subdirectory, FetchContent).
  add_library(restjwt::${name} ALIAS restjwt_${name})
  list(APPEND restjwt_library_targets restjwt_${name})
endforeach()

function(restjwt_check_link_order)
  foreach(target ${restjwt_library_targets})
    list(FIND restjwt_library_targets ${target} position)
    get_target_property(links ${target} LINK_LIBRARIES)
    foreach(link ${links})
      list(FIND restjwt_library_targets "${link}" link_position)
      if(link_position GREATER -1 AND link_position LESS position)
        message(FATAL_ERROR "cmake/install.cmake: ${target} links ${link}, so ${link} must come "
                            "after it in restjwt_library_names (the static link order)")
      endif()
    endforeach()
  endforeach()
endfunction()
restjwt_check_link_order()

install(TARGETS restjwt RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)

install(TARGETS ${restjwt_library_targets} EXPORT restjwtTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/restjwt
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT development
        FILES_MATCHING PATTERN "*.hpp")
install(FILES ${RESTJWT_GENERATED_INCLUDE_DIR}/restjwt/version.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/restjwt COMPONENT development)

set(restjwt_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/restjwt)
install(EXPORT restjwtTargets NAMESPACE restjwt:: DESTINATION ${restjwt_cmake_dir}
        COMPONENT development)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/restjwtConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/package/restjwtConfig.cmake
                              INSTALL_DESTINATION ${restjwt_cmake_dir})
# Until 1.0.0 a minor version may change the API (CHANGELOG.md): 0.2.x satisfies a request for
# 0.2.0, 0.3.0 does not.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/package/restjwtConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/package/restjwtConfig.cmake
              ${PROJECT_BINARY_DIR}/package/restjwtConfigVersion.cmake
        DESTINATION ${restjwt_cmake_dir} COMPONENT development)

# restjwt.pc finds its prefix from its own directory (${pcfiledir}), whatever --prefix was.
file(RELATIVE_PATH RESTJWT_PC_PREFIX_FROM_PCFILEDIR
     /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
string(REGEX REPLACE "/$" "" RESTJWT_PC_PREFIX_FROM_PCFILEDIR "${RESTJWT_PC_PREFIX_FROM_PCFILEDIR}")
list(TRANSFORM restjwt_library_names PREPEND "-lrestjwt_" OUTPUT_VARIABLE restjwt_pc_libs)
list(JOIN restjwt_pc_libs " " RESTJWT_PC_LIBS)
configure_file(${PROJECT_SOURCE_DIR}/cmake/restjwt.pc.in ${PROJECT_BINARY_DIR}/package/restjwt.pc
               @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/package/restjwt.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT development)
