# beex_add_model: compile a model at build time into a library with its header.
#
#   beex_add_model(<target>
#     MODEL <checkpoint directory | model.beex | model.mlir>
#     [PRESET host|x86-avx512|x86-avx2|arm-neon|riscv-rvv|...]   (beexc --target=help)
#     [SYMBOL <C name>]          default: <target> made a C identifier
#     [ARGS <beexc options>...]  e.g. --threshold=0.4 --mattr=+dotprod
#   )
#
# A checkpoint directory (config.json, model.safetensors, optional vocab.txt)
# goes through beex-import first. beexc then writes <target>.o and <target>.h
# into ${CMAKE_CURRENT_BINARY_DIR}/<target>/. <target> is a static library of
# that object which puts the header on its users' include path and links
# beex::runtime, so a program needs only
#
#   target_link_libraries(app PRIVATE <target>)   and   #include "<target>.h"
#
# The steps depend on the checkpoint's files and on the tools themselves: a
# changed checkpoint, option or beex installation recompiles the model.
#
# PRESET defaults to `host` when the project builds for this machine and, when
# it cross-compiles, to the preset of CMAKE_SYSTEM_PROCESSOR (aarch64:
# arm-neon, riscv64: riscv-rvv, x86_64: x86-avx2).

function(_beex_default_preset out)
  if(NOT CMAKE_CROSSCOMPILING)
    set(preset host)
  elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64|ARM64)$")
    set(preset arm-neon)
  elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^riscv64$")
    set(preset riscv-rvv)
  elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
    set(preset x86-avx2)
  else()
    message(FATAL_ERROR "beex_add_model: no default preset for CMAKE_SYSTEM_PROCESSOR "
                        "'${CMAKE_SYSTEM_PROCESSOR}'; name one with PRESET (beexc --target=help)")
  endif()
  set(${out} ${preset} PARENT_SCOPE)
endfunction()

function(beex_add_model target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "MODEL;PRESET;SYMBOL" "ARGS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "beex_add_model(${target}): unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT arg_MODEL)
    message(FATAL_ERROR "beex_add_model(${target}): MODEL <checkpoint dir|.beex|.mlir> is required")
  endif()
  get_filename_component(model "${arg_MODEL}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT EXISTS "${model}")
    message(FATAL_ERROR "beex_add_model(${target}): MODEL '${model}' does not exist")
  endif()
  if(arg_SYMBOL)
    set(symbol ${arg_SYMBOL})
  else()
    string(MAKE_C_IDENTIFIER "${target}" symbol)
  endif()
  if(arg_PRESET)
    set(preset ${arg_PRESET})
  else()
    _beex_default_preset(preset)
  endif()

  set(out "${CMAKE_CURRENT_BINARY_DIR}/${target}")
  file(MAKE_DIRECTORY "${out}")
  if(IS_DIRECTORY "${model}")
    set(checkpoint_files "${model}/config.json" "${model}/model.safetensors")
    if(EXISTS "${model}/vocab.txt")
      list(APPEND checkpoint_files "${model}/vocab.txt")
    endif()
    set(input "${out}/${target}.beex")
    add_custom_command(
      OUTPUT "${input}"
      COMMAND beex::beex-import "${model}" -o "${input}"
      DEPENDS ${checkpoint_files} "$<TARGET_FILE:beex::beex-import>"
      COMMENT "beex-import ${model}"
      VERBATIM)
  else()
    set(input "${model}")
  endif()

  set(object "${out}/${target}${CMAKE_C_OUTPUT_EXTENSION}")
  set(header "${out}/${target}.h")
  add_custom_command(
    OUTPUT "${object}" "${header}"
    COMMAND beex::beexc "${input}" --target=${preset} --name=${symbol}
            -o "${object}" --header "${header}" ${arg_ARGS}
    DEPENDS "${input}" "$<TARGET_FILE:beex::beexc>"
    COMMENT "beexc ${target} (--target=${preset})"
    VERBATIM)
  set_source_files_properties("${object}" PROPERTIES EXTERNAL_OBJECT TRUE GENERATED TRUE)

  add_library(${target} STATIC "${object}" "${header}")
  set_target_properties(${target} PROPERTIES LINKER_LANGUAGE C)
  target_include_directories(${target} INTERFACE "${out}")
  target_link_libraries(${target} INTERFACE beex::runtime)
endfunction()
