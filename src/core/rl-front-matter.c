/* rl-front-matter: written by the import work */
#include "config.h"
