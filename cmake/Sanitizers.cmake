# SPDX-License-Identifier: Apache-2.0
# ASan + UBSan build: every test runs under it in CI.
if(LL_SANITIZE)
	add_compile_options(-O1 -g -fno-omit-frame-pointer
		-fsanitize=address,undefined -fno-sanitize-recover=all)
	add_link_options(-fsanitize=address,undefined)
endif()
if(LL_FUZZ)
	add_compile_options(-g -fsanitize=fuzzer-no-link,address,undefined)
	add_link_options(-fsanitize=address,undefined)
endif()
