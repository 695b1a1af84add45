# Sets BEEX_VERSION ("MAJOR.MINOR.PATCH") from runtime/include/beex/runtime.h,
# the one place beex's version is written: the runtime, the compiler's
# --version, the CMake package and the objects' .comment all come from it.
file(STRINGS "${CMAKE_CURRENT_LIST_DIR}/../runtime/include/beex/runtime.h" _beex_version_lines
     REGEX "^#define BEEX_VERSION_(MAJOR|MINOR|PATCH) [0-9]+$")
foreach(_beex_part MAJOR MINOR PATCH)
  string(REGEX MATCH "BEEX_VERSION_${_beex_part} ([0-9]+)" _ "${_beex_version_lines}")
  if(CMAKE_MATCH_1 STREQUAL "")
    message(FATAL_ERROR "runtime/include/beex/runtime.h defines no BEEX_VERSION_${_beex_part}")
  endif()
  set(_beex_version_${_beex_part} ${CMAKE_MATCH_1})
endforeach()
set(BEEX_VERSION "${_beex_version_MAJOR}.${_beex_version_MINOR}.${_beex_version_PATCH}")
