# SPDX-License-Identifier: Apache-2.0
# Test discovery: every tests/unit/<module>/test_<object>.c is a cmocka
# executable named unit.<module>.<object>; every tests/cli/t*.sh is a shell
# test named after its file. Exit code 77 means "skipped".
pkg_check_modules(CMOCKA REQUIRED IMPORTED_TARGET cmocka)

get_filename_component(LL_SHARED_DIR ${CMAKE_SOURCE_DIR}/../shared ABSOLUTE)
if(DEFINED ENV{LL_SHARED_DIR})
	set(LL_SHARED_DIR $ENV{LL_SHARED_DIR})
endif()

file(GLOB ll_unit_tests CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/unit/*/test_*.c)
foreach(src ${ll_unit_tests})
	get_filename_component(obj ${src} NAME_WE)
	string(REPLACE "test_" "" obj ${obj})
	get_filename_component(moddir ${src} DIRECTORY)
	get_filename_component(mod ${moddir} NAME)
	set(tname unit.${mod}.${obj})
	add_executable(${tname} ${src})
	ll_warnings(${tname})
	target_link_libraries(${tname} PRIVATE ll_casefile ll_analyze ll_collect
		ll_core PkgConfig::CMOCKA)
	target_compile_definitions(${tname} PRIVATE
		LL_SRC_DIR="${CMAKE_SOURCE_DIR}" LL_SHARED_DIR="${LL_SHARED_DIR}")
	add_test(NAME ${tname} COMMAND ${tname})
	set_tests_properties(${tname} PROPERTIES LABELS unit
		SKIP_RETURN_CODE 77)
endforeach()

# The sanitizer pass (scripts/test.sh) runs every test but those of tests/nosan (label nosan,
# below); tests that repeat one check over a large corpus (or only exercise
# an external tool) may sample it: LL_SANITIZED.
if(LL_SANITIZE)
	set(ll_sanitized 1)
else()
	set(ll_sanitized 0)
endif()
file(GLOB ll_cli_tests CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/cli/t[0-9]*.sh)
foreach(script ${ll_cli_tests})
	get_filename_component(tname ${script} NAME_WE)
	add_test(NAME cli.${tname} COMMAND sh ${script})
	set_tests_properties(cli.${tname} PROPERTIES LABELS cli
		SKIP_RETURN_CODE 77 TIMEOUT 600
		ENVIRONMENT "LIFELINE=${CMAKE_BINARY_DIR}/lifeline;LL_SRC_DIR=${CMAKE_SOURCE_DIR};LL_SHARED_DIR=${LL_SHARED_DIR};LL_BUILD_DIR=${CMAKE_BINARY_DIR};LL_SANITIZED=${ll_sanitized}")
endforeach()

# The store matrix (issue #20): the tests named in tests/store-matrix run a
# second time as store.<name>, label `store`, with LL_TEST_STORE=postgresql:
# their cases are attached workspaces of one PostgreSQL cluster per ctest run
# (the fixture store.cluster-start/-stop, tests/cli/pg_cluster.sh).
file(STRINGS ${CMAKE_SOURCE_DIR}/tests/store-matrix ll_store_lines REGEX "^t[0-9]")
set(ll_pg_env ${CMAKE_BINARY_DIR}/pg-store.env)
add_test(NAME store.cluster-start COMMAND sh ${CMAKE_SOURCE_DIR}/tests/cli/pg_cluster.sh start ${ll_pg_env})
add_test(NAME store.cluster-stop COMMAND sh ${CMAKE_SOURCE_DIR}/tests/cli/pg_cluster.sh stop ${ll_pg_env})
set_tests_properties(store.cluster-start PROPERTIES LABELS store FIXTURES_SETUP pgstore)
set_tests_properties(store.cluster-stop PROPERTIES LABELS store FIXTURES_CLEANUP pgstore)
foreach(line ${ll_store_lines})
	string(REGEX REPLACE "[ \t].*" "" tname "${line}")
	set(script ${CMAKE_SOURCE_DIR}/tests/cli/${tname}.sh)
	if(NOT EXISTS ${script})
		message(FATAL_ERROR "tests/store-matrix names ${tname}, which is not in tests/cli/")
	endif()
	add_test(NAME store.${tname} COMMAND sh ${script})
	set_tests_properties(store.${tname} PROPERTIES LABELS store
		SKIP_RETURN_CODE 77 TIMEOUT 600 FIXTURES_REQUIRED pgstore
		ENVIRONMENT "LIFELINE=${CMAKE_BINARY_DIR}/lifeline;LL_SRC_DIR=${CMAKE_SOURCE_DIR};LL_SHARED_DIR=${LL_SHARED_DIR};LL_BUILD_DIR=${CMAKE_BINARY_DIR};LL_SANITIZED=${ll_sanitized};LL_TEST_STORE=postgresql;LL_TEST_PG_ENV=${ll_pg_env}")
endforeach()

# The hostile suite (issue #14): tests/hostile/hNNNN-<class>.sh, one per class
# of hostile input (evidence written by the attacker, a case file read by the
# defence). They use tests/cli/lib.sh and run with the rest; `ctest -L
# hostile` or `scripts/test.sh --hostile` runs them alone.
file(GLOB ll_hostile_tests CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/hostile/h[0-9]*.sh)
foreach(script ${ll_hostile_tests})
	get_filename_component(tname ${script} NAME_WE)
	add_test(NAME hostile.${tname} COMMAND sh ${script})
	set_tests_properties(hostile.${tname} PROPERTIES LABELS hostile
		SKIP_RETURN_CODE 77 TIMEOUT 600
		ENVIRONMENT "LIFELINE=${CMAKE_BINARY_DIR}/lifeline;LL_SRC_DIR=${CMAKE_SOURCE_DIR};LL_SHARED_DIR=${LL_SHARED_DIR};LL_BUILD_DIR=${CMAKE_BINARY_DIR};LL_SANITIZED=${ll_sanitized}")
endforeach()

# Tests whose sanitized run checks nothing new (tests/nosan, with the reason
# for each): label nosan, which scripts/test.sh's ASan + UBSan pass leaves out.
file(STRINGS ${CMAKE_SOURCE_DIR}/tests/nosan ll_nosan_lines REGEX "^[a-z]+\\.")
foreach(line ${ll_nosan_lines})
	string(REGEX REPLACE "[ \t].*" "" tname "${line}")
	if(NOT TEST ${tname})
		message(FATAL_ERROR "tests/nosan names ${tname}, which is no test")
	endif()
	set_property(TEST ${tname} APPEND PROPERTY LABELS nosan)
endforeach()

# The mutation check's list and runner (tests/mutation/): every snippet is
# still found exactly once (a refactor breaks the list loudly). The mutation
# run itself is opt-in: scripts/test.sh --mutation.
add_test(NAME mutation.list COMMAND sh ${CMAKE_SOURCE_DIR}/tests/mutation/selftest.sh)
set_tests_properties(mutation.list PROPERTIES LABELS mutation)

# Header self-containment (libgit2's headertest): each header compiles alone.
file(GLOB_RECURSE ll_headers CONFIGURE_DEPENDS
	${CMAKE_SOURCE_DIR}/core/*.h ${CMAKE_SOURCE_DIR}/collect/*.h
	${CMAKE_SOURCE_DIR}/analyze/*.h ${CMAKE_SOURCE_DIR}/casefile/*.h
	${CMAKE_SOURCE_DIR}/cli/*.h)
set(ll_header_srcs)
foreach(h ${ll_headers})
	file(RELATIVE_PATH rel ${CMAKE_SOURCE_DIR} ${h})
	string(REPLACE "/" "_" stem ${rel})
	string(REPLACE ".h" "" stem ${stem})
	set(out ${CMAKE_BINARY_DIR}/headers/${stem}.c)
	set(SEMI ";")
	file(CONFIGURE OUTPUT ${out} @ONLY CONTENT "#include \"${rel}\"\nint ll_header_${stem}(void)@SEMI@\nint ll_header_${stem}(void) { return 0@SEMI@ }\n")
	list(APPEND ll_header_srcs ${out})
endforeach()
add_library(ll_headertest OBJECT ${ll_header_srcs})
ll_warnings(ll_headertest)
target_link_libraries(ll_headertest PRIVATE PkgConfig::JANSSON)
