/* fuzz.h: the one entry point every fuzz target defines, for libFuzzer and
 * for the corpus replay driver (fuzz-replay.c) alike. */
#pragma once

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);
