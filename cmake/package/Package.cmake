# Installing beex and its CMake package (included by the top CMakeLists.txt).
#
#   cmake --install build --prefix P
#
# gives P/bin/{beexc,beex-import,...}, P/lib/libbeex_runtime.a,
# P/lib/libbeex_thread_pool.a, P/include/beex/{runtime,thread_pool}.h, P/lib/pkgconfig/beex_runtime.pc,
# P/lib/cmake/beex/ (find_package(beex): beexConfig.cmake, its version file,
# the imported targets and beex_add_model) and P/share/beex/runtime/ (the
# runtime's sources, which a cross-compiling project builds for its target).
# The build tree is a package too: -Dbeex_DIR=<build>/lib/cmake/beex.

include(CMakePackageConfigHelpers)

set(BEEX_PACKAGE_DIR lib/cmake/beex)
set(BEEX_TOOLS beexc beex-import beex-opt beex-run beex-translate beex-lsp-server)

install(TARGETS ${BEEX_TOOLS} EXPORT beexToolTargets RUNTIME DESTINATION bin)
install(EXPORT beexToolTargets NAMESPACE beex:: DESTINATION ${BEEX_PACKAGE_DIR})
install(EXPORT beexRuntimeTargets NAMESPACE beex:: DESTINATION ${BEEX_PACKAGE_DIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/runtime/src ${PROJECT_SOURCE_DIR}/runtime/pool
                  ${PROJECT_SOURCE_DIR}/runtime/include
        DESTINATION share/beex/runtime)

set(BEEX_BUILD_PACKAGE_DIR ${PROJECT_BINARY_DIR}/${BEEX_PACKAGE_DIR})
export(EXPORT beexToolTargets NAMESPACE beex:: FILE ${BEEX_BUILD_PACKAGE_DIR}/beexToolTargets.cmake)
export(EXPORT beexRuntimeTargets NAMESPACE beex::
       FILE ${BEEX_BUILD_PACKAGE_DIR}/beexRuntimeTargets.cmake)

# The one line that differs between the two configs: where the runtime's
# sources are.
set(BEEX_CONFIG_RUNTIME_SOURCE_DIR
    "set(BEEX_RUNTIME_SOURCE_DIR \"\${CMAKE_CURRENT_LIST_DIR}/../../../share/beex/runtime\")")
configure_file(${CMAKE_CURRENT_LIST_DIR}/beexConfig.cmake.in
               ${PROJECT_BINARY_DIR}/package/beexConfig.cmake @ONLY)
set(BEEX_CONFIG_RUNTIME_SOURCE_DIR
    "set(BEEX_RUNTIME_SOURCE_DIR \"${PROJECT_SOURCE_DIR}/runtime\")")
configure_file(${CMAKE_CURRENT_LIST_DIR}/beexConfig.cmake.in
               ${BEEX_BUILD_PACKAGE_DIR}/beexConfig.cmake @ONLY)
configure_file(${CMAKE_CURRENT_LIST_DIR}/beexAddModel.cmake
               ${BEEX_BUILD_PACKAGE_DIR}/beexAddModel.cmake COPYONLY)
# 0.x: a minor version may break the model ABI, so only the same minor matches.
write_basic_package_version_file(${BEEX_BUILD_PACKAGE_DIR}/beexConfigVersion.cmake
                                 VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/package/beexConfig.cmake
              ${BEEX_BUILD_PACKAGE_DIR}/beexConfigVersion.cmake
              ${CMAKE_CURRENT_LIST_DIR}/beexAddModel.cmake
        DESTINATION ${BEEX_PACKAGE_DIR})

list(JOIN BEEX_SANITIZER_LINK_FLAGS " " BEEX_RUNTIME_PC_LINK_FLAGS)
configure_file(${CMAKE_CURRENT_LIST_DIR}/beex_runtime.pc.in
               ${PROJECT_BINARY_DIR}/package/beex_runtime.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/package/beex_runtime.pc DESTINATION lib/pkgconfig)
