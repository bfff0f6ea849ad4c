/*
 * contact.c - the loader's readers of the values that reach a mail header
 * or a link: e-mail addresses, "Name <address>" mailboxes, a speaker's
 * contact, and http(s) video links (docs/reference.md#input-files).
 *
 * Why they are strict: the notices to speakers put these values
 * into RFC 5322 headers and calendars put the links into URL and CONFERENCE
 * properties.  A value that is refused here can never break a header, add
 * a recipient or smuggle a scheme into a calendar, so the writers need no
 * second check.  What must hold for every value accepted:
 *   - an address is a dot-atom local part, '@', and a domain of at least
 *     two labels of ASCII letters, digits and '-' (no quoted local parts,
 *     no address literals, no internationalised addresses: mail tools of
 *     the organisers' mail servers may not all take SMTPUTF8);
 *   - a display name is one line without '<', '>' or '"' (the writer
 *     quotes or RFC 2047-encodes it);
 *   - a link is http:// or https://, a host, and only printable ASCII that
 *     RFC 3986 allows (no space, quote or angle bracket).
 */
#include "load/build.h"

#include <string.h>
#include <strings.h>

/* Bounds (docs/input-decisions.md): RFC 5321's for an address; a link
 * longer than a browser's usual limit is not a link anyone typed. */
#define MAX_LOCAL 64
#define MAX_ADDRESS 254
#define MAX_URL 2000
#define MAX_NAME 200

static bool atext(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

static bool label_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-';
}

bool upr_ld_email_valid(const char *s, size_t n)
{
	const char *at = memchr(s, '@', n);
	if (!at || n > MAX_ADDRESS)
		return false;
	size_t local = (size_t)(at - s);
	if (local == 0 || local > MAX_LOCAL || s[0] == '.' || s[local - 1] == '.')
		return false;
	for (size_t i = 0; i < local; i++)
		if (!(atext((unsigned char)s[i]) || (s[i] == '.' && s[i + 1] != '.')))
			return false;
	const char *d = at + 1, *end = s + n;
	int labels = 0;
	while (d < end) {
		const char *l = d;
		while (d < end && label_char((unsigned char)*d))
			d++;
		size_t len = (size_t)(d - l);
		if (len == 0 || len > 63 || l[0] == '-' || d[-1] == '-')
			return false;
		labels++;
		if (d < end && *d++ != '.')
			return false;
		if (d == end && d[-1] == '.')
			return false;
	}
	return labels >= 2;
}

bool upr_ld_url_valid(const char *s, size_t n)
{
	size_t k;
	if (n > 8 && strncasecmp(s, "https://", 8) == 0)
		k = 8;
	else if (n > 7 && strncasecmp(s, "http://", 7) == 0)
		k = 7;
	else
		return false;
	if (n > MAX_URL)
		return false;
	size_t host = k;
	while (host < n && !strchr("/?#", s[host]))
		host++;
	if (host == k)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c >= 0x7f || strchr("<>\"{}|\\^`", c))
			return false;
	}
	return true;
}

static const char *report(struct upr_loader *L, const struct upr_ynode *n, const char *msg,
			  const char *label, const char *s)
{
	char q[UPR_QUOTE_MAX];
	struct upr_loc loc = upr_ld_loc_of(L, n);
	upr_error(L->d, &loc, msg, label, upr_quote(q, s, strlen(s)));
	return NULL;
}

const char *upr_ld_get_email(struct upr_loader *L, const struct upr_ynode *n,
			     const char *label)
{
	const char *s = upr_ld_get_string(L, n, label);
	if (s && !upr_ld_email_valid(s, strlen(s)))
		return report(L, n, "'%s' must be an e-mail address like 'name@example.org', got %s",
			      label, s);
	return s;
}

const char *upr_ld_get_url(struct upr_loader *L, const struct upr_ynode *n, const char *label)
{
	const char *s = upr_ld_get_string(L, n, label);
	if (s && !upr_ld_url_valid(s, strlen(s)))
		return report(L, n, "'%s' must be an http:// or https:// link like "
			      "'https://meet.example.org/room', got %s", label, s);
	return s;
}

/* A display name: one line, no '<', '>' or '"', at most MAX_NAME bytes. */
static bool name_valid(const char *s, size_t n)
{
	if (n == 0 || n > MAX_NAME)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n' || s[i] == '\t' || s[i] == '<' || s[i] == '>' || s[i] == '"')
			return false;
	return true;
}

const char *upr_ld_get_person_name(struct upr_loader *L, const struct upr_ynode *n,
				   const char *label)
{
	const char *s = upr_ld_get_string(L, n, label);
	if (s && !name_valid(s, strlen(s)))
		return report(L, n, "'%s' must be a name on one line without '<', '>' or '\"' "
			      "(at most 200 bytes), got %s", label, s);
	return s;
}

void upr_ld_get_mailbox(struct upr_loader *L, const struct upr_ynode *n, const char *label,
			const char **name, const char **email)
{
	*name = *email = NULL;
	const char *s = upr_ld_get_string(L, n, label);
	if (!s)
		return;
	size_t len = strlen(s);
	const char *lt = strchr(s, '<');
	if (!lt) {
		if (upr_ld_email_valid(s, len))
			*email = s;
		else
			report(L, n, "'%s' must be an address like 'name@example.org' or "
			       "'Name <name@example.org>', got %s", label, s);
		return;
	}
	/* "Name <address>": the name trimmed, the address up to a final '>' */
	const char *a = lt + 1, *gt = strchr(a, '>');
	size_t nl = (size_t)(lt - s);
	while (nl && s[nl - 1] == ' ')
		nl--;
	if (!gt || gt[1] != '\0' || !upr_ld_email_valid(a, (size_t)(gt - a)) ||
	    (nl && !name_valid(s, nl))) {
		report(L, n, "'%s' must be an address like 'name@example.org' or "
		       "'Name <name@example.org>', got %s", label, s);
		return;
	}
	*email = upr_arena_strndup(&L->p->arena, a, (size_t)(gt - a));
	*name = nl ? upr_arena_strndup(&L->p->arena, s, nl) : NULL;
	if (!*email || (nl && !*name))
		upr_loader_oom(L);
}

void upr_ld_get_contact(struct upr_loader *L, const struct upr_ynode *n,
			const char **name, const char **email)
{
	*name = *email = NULL;
	if (!upr_ld_is_map(L, n, "contact", false))
		return;
	enum { C_NAME, C_EMAIL, C_N };
	static const char *const keys[C_N] = { "name", "email" };
	const struct upr_ynode *v[C_N], *k[C_N];
	upr_ld_read_keys(L, n, keys, C_N, v, k);
	if (v[C_NAME])
		*name = upr_ld_get_person_name(L, v[C_NAME], "name");
	if (v[C_EMAIL])
		*email = upr_ld_get_email(L, v[C_EMAIL], "email");
	else
		upr_ld_missing(L, n, "email", "contact");
}
