# SPDX-License-Identifier: Apache-2.0
# Fuzz targets: tests/fuzz/fuzz_<parser>.c. With LL_FUZZ (clang) they link
# libFuzzer; otherwise they link a standalone driver that replays
# tests/fuzz/corpus/<parser>/ as an ordinary ctest test (label fuzz).
file(GLOB ll_fuzzers CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_*.c)
foreach(src ${ll_fuzzers})
	get_filename_component(name ${src} NAME_WE)
	string(REPLACE "fuzz_" "" parser ${name})
	if(LL_FUZZ)
		add_executable(${name} ${src})
		target_link_options(${name} PRIVATE -fsanitize=fuzzer)
	else()
		add_executable(${name} ${src}
			${CMAKE_SOURCE_DIR}/tests/fuzz/standalone_driver.c)
	endif()
	target_link_libraries(${name} PRIVATE ll_casefile ll_analyze ll_collect ll_core)
	if(name STREQUAL "fuzz_evtx")
		# calls libevtx and libbfio (its memory range) itself, in-process
		pkg_check_modules(LIBBFIO REQUIRED IMPORTED_TARGET libbfio)
		target_link_libraries(${name} PRIVATE PkgConfig::LIBEVTX PkgConfig::LIBBFIO)
	endif()
	set(corpus ${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/${parser})
	if(LL_FUZZ)
		add_test(NAME fuzz.${parser} COMMAND ${name} -runs=0
			-error_exitcode=1 -artifact_prefix=${CMAKE_BINARY_DIR}/ ${corpus})
	else()
		add_test(NAME fuzz.${parser} COMMAND ${name} ${corpus})
	endif()
	set_tests_properties(fuzz.${parser} PROPERTIES LABELS fuzz)
	# Under sanitizers libtsk's address-space cap is off (analyze/tsk/tsk_guard.c):
	# the allocator's own limit keeps hostile sizes (ext2-dir-oom.img) cheap.
	if(LL_FUZZ OR LL_SANITIZE)
		set_tests_properties(fuzz.${parser} PROPERTIES ENVIRONMENT
			"ASAN_OPTIONS=allocator_may_return_null=1:max_allocation_size_mb=1024")
	endif()
endforeach()
