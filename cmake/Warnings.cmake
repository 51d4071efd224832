# SPDX-License-Identifier: Apache-2.0
# Warning flags for our own code (CONVENTIONS §6); third-party headers are
# included as system headers so their warnings are not ours.
function(ll_warnings target)
	target_compile_options(${target} PRIVATE
		-Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes
		-Wmissing-prototypes -Wold-style-definition -Wvla -Wpointer-arith
		-Wwrite-strings -Wundef -Wimplicit-fallthrough -fno-common)
	if(CMAKE_C_COMPILER_ID STREQUAL "GNU")
		target_compile_options(${target} PRIVATE
			-Wduplicated-cond -Wlogical-op)
	endif()
	if(LL_WERROR)
		target_compile_options(${target} PRIVATE -Werror)
	endif()
endfunction()
