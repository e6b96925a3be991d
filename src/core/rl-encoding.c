/* rl-encoding: written by the import work */
#include "config.h"
