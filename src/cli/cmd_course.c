/* PLACEHOLDER until the course layer lands: replaced by list/show/check/validate. */
#include <stdio.h>
#include "commands.h"
static int not_yet(const char *n) { fprintf(stderr, "cnntutor: %s is not built yet\n", n); return 2; }
int cmd_list(int argc, char **argv, const struct cli_globals *g) { (void)argc; (void)g; return not_yet(argv[0]); }
int cmd_show(int argc, char **argv, const struct cli_globals *g) { (void)argc; (void)g; return not_yet(argv[0]); }
int cmd_check(int argc, char **argv, const struct cli_globals *g) { (void)argc; (void)g; return not_yet(argv[0]); }
int cmd_validate(int argc, char **argv, const struct cli_globals *g) { (void)argc; (void)g; return not_yet(argv[0]); }
