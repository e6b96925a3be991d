/* rl-html: written by the import work */
#include "config.h"
