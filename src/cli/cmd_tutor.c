/* PLACEHOLDER until the tutor lands: replaced by tutor/calc/progress. */
#include <stdio.h>
#include "commands.h"
static int not_yet(const char *n) { fprintf(stderr, "cnntutor: %s is not built yet\n", n); return 2; }
int cmd_tutor(int argc, char **argv, const struct cli_globals *g) { (void)argc; (void)g; return not_yet(argv[0]); }
int cmd_calc(int argc, char **argv, const struct cli_globals *g) { (void)argc; (void)g; return not_yet(argv[0]); }
