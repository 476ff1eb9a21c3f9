/* What the files of src/tutor share and the other layers do not see: the
 * session's open lab, the lab request's handler, and how a reply's
 * message is written. */
#ifndef CNNTUTOR_TUTOR_INTERNAL_H
#define CNNTUTOR_TUTOR_INTERNAL_H

#include "tutor.h"

/* The session's lab (tutor_lab.c); tutor.c only keeps it. */
struct tutor_lab_state;
struct tutor_lab_state **tutor_lab_slot(struct tutor_session *s);
const struct tutor_lab_state *tutor_lab_state(const struct tutor_session *s);
void tutor_lab_free(struct tutor_lab_state *lab);

/* TUTOR_REQ_LAB (tutor_lab.c). */
void tutor_lab_request(struct tutor_session *s, const char *arg,
		       struct tutor_reply *r);

/* The reply's message and tone (requests.c). */
void tutor_say(struct tutor_reply *r, enum tutor_tone tone, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
