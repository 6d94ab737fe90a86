# The libraries soplib links, as one INTERFACE target `sop_deps`.
#
# Start-up dominates a short command: with Debian's shared libgit2 the dynamic loader maps 22
# libraries and resolves their C++ symbols, ~3 ms of a ~5 ms `sop --version`. Debian also
# ships the static archives of libgit2 and everything it needs except GSSAPI, so by default
# they are linked in (with libstdc++ and libgcc): the loader then maps 10 small libraries
# (GSSAPI's family, libc, libm) and start-up halves. SOP_STATIC_DEPS=OFF links the shared
# libraries; sanitizer builds do, since ASan must see the shared libstdc++'s allocator.
#
# lib/git/tls.cpp defers libgit2's CA-bundle parse in both cases: statically by the linker's
# --wrap of mbedtls_x509_crt_parse_file (SOP_TLS_WRAP), dynamically by interposing it.

if(SOP_SANITIZE)
  set(_sop_static_default OFF)
else()
  set(_sop_static_default ON)
endif()
option(SOP_STATIC_DEPS "Link libgit2, yaml-cpp, their dependencies and libstdc++ statically"
       ${_sop_static_default})

add_library(sop_deps INTERFACE)
target_link_libraries(sop_deps INTERFACE nlohmann_json::nlohmann_json)

set(_sop_archives git2 mbedtls mbedx509 mbedcrypto http_parser ssh2 pcre2-8 yaml-cpp crypto z)
set(_sop_static_found ON)
if(SOP_STATIC_DEPS)
  set(_sop_archive_paths)
  foreach(name ${_sop_archives})
    find_library(SOP_ARCHIVE_${name} NAMES lib${name}.a)
    if(NOT SOP_ARCHIVE_${name})
      message(STATUS "sop: lib${name}.a not found; linking the shared libraries")
      set(_sop_static_found OFF)
      break()
    endif()
    list(APPEND _sop_archive_paths ${SOP_ARCHIVE_${name}})
  endforeach()
  find_library(SOP_GSSAPI NAMES gssapi_krb5 libgssapi_krb5.so.2)
  if(NOT SOP_GSSAPI)
    message(STATUS "sop: libgssapi_krb5 not found; linking the shared libraries")
    set(_sop_static_found OFF)
  endif()
endif()

if(SOP_STATIC_DEPS AND _sop_static_found)
  message(STATUS "sop: linking libgit2, yaml-cpp and libstdc++ statically")
  target_include_directories(sop_deps INTERFACE ${LIBGIT2_INCLUDE_DIRS})
  get_target_property(_yaml_inc yaml-cpp INTERFACE_INCLUDE_DIRECTORIES)
  if(_yaml_inc)
    target_include_directories(sop_deps INTERFACE ${_yaml_inc})
  endif()
  target_link_libraries(sop_deps INTERFACE ${_sop_archive_paths} ${SOP_GSSAPI} dl pthread rt)
  target_link_options(sop_deps INTERFACE -static-libstdc++ -static-libgcc
                      -Wl,--wrap=mbedtls_x509_crt_parse_file)
  target_compile_definitions(sop_deps INTERFACE SOP_TLS_WRAP=1)
else()
  target_link_libraries(sop_deps INTERFACE PkgConfig::LIBGIT2 yaml-cpp OpenSSL::Crypto)
endif()
