# SPDX-License-Identifier: Apache-2.0
# Man pages (issue #21): lifeline(1) and one page per docs/commands/*.md, plus one per command
# with subcommands, made by cmake/man_pages.py with pandoc into build/man/, installed into
# share/man/man1. Without pandoc (scripts/deps.sh installs it) there are none, and said so.
find_program(LL_PANDOC pandoc)
find_program(LL_PYTHON3 NAMES python3)
if(LL_PANDOC AND LL_PYTHON3)
	file(GLOB ll_command_docs CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/docs/commands/*.md)
	set(ll_man_stamp ${CMAKE_BINARY_DIR}/man/.stamp)
	add_custom_command(OUTPUT ${ll_man_stamp}
		COMMAND ${CMAKE_COMMAND} -E rm -rf ${CMAKE_BINARY_DIR}/man
		COMMAND ${LL_PYTHON3} ${CMAKE_SOURCE_DIR}/cmake/man_pages.py
			${CMAKE_SOURCE_DIR}/docs/commands ${CMAKE_BINARY_DIR}/man ${PROJECT_VERSION}
		COMMAND ${CMAKE_COMMAND} -E touch ${ll_man_stamp}
		DEPENDS ${ll_command_docs} ${CMAKE_SOURCE_DIR}/cmake/man_pages.py
		COMMENT "Man pages from docs/commands")
	add_custom_target(man ALL DEPENDS ${ll_man_stamp})
	install(DIRECTORY ${CMAKE_BINARY_DIR}/man/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1
		FILES_MATCHING PATTERN "*.1")
else()
	message(STATUS "pandoc or python3 not found: no man pages (scripts/deps.sh installs pandoc)")
endif()
