/* PLACEHOLDER until the progress layer lands. */
#include <stdio.h>
#include "commands.h"
int cmd_progress(int argc, char **argv, const struct cli_globals *g) { (void)argc; (void)g; fprintf(stderr, "cnntutor: %s is not built yet\n", argv[0]); return 2; }
