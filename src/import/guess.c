/*
 * guess.c - `import --init`: a starting map from a form's header row.
 *
 * Each speaker key has words that headers of application forms use for it,
 * in English and French; a header (folded: upr_iso_fold) that contains one
 * of them is that key's column.  Keys are tried in the order of the table,
 * the more specific first ("Type of organisation" is the kind before it
 * can be the organisation), and a column serves one key.  For kind and
 * remote the map also lists the distinct answers of the column with a
 * guessed value, since those are the form's own wording.  Everything is a
 * guess, and the map says so: the organiser checks it.
 */
#include "import/import.h"

#include <string.h>

#include "load/isocodes.h"

enum { G_KEY = UPR_IK_COUNT, G_COUNT };

static const struct {
	int key;		/* enum upr_ikey, or G_KEY */
	const char *words[10];	/* folded; NULL after the last */
} guesses[] = {
	{ G_KEY, { "submission id", "response id", "id de soumission", "numero", "reference",
		   "email", "e mail", "courriel" } },
	{ UPR_IK_ID, { "short name", "acronym", "sigle", "nom abrege", "nom court" } },
	{ UPR_IK_KIND, { "type", "kind", "category", "categorie", "nature" } },
	{ UPR_IK_UNAVAILABLE, { "unavailable", "not available", "indisponib", "empech" } },
	{ UPR_IK_AVAILABLE, { "availab", "disponib", "dates", "days", "jours" } },
	{ UPR_IK_CONTACT_EMAIL, { "email", "e mail", "courriel", "mail" } },
	{ UPR_IK_CONTACT_NAME, { "contact name", "contact person", "nom du contact",
				 "personne de contact", "focal point", "point focal" } },
	{ UPR_IK_VIDEO_LINK, { "video link", "lien video", "meeting link", "lien de connexion",
			       "zoom", "webex" } },
	{ UPR_IK_REMOTE, { "remote", "video", "online", "en ligne", "distance", "visio",
			   "participation" } },
	{ UPR_IK_LANGUAGE, { "language", "langue" } },
	{ UPR_IK_APPLIED, { "submitted", "submission date", "timestamp", "horodat",
			    "date de soumission", "date d envoi", "created" } },
	{ UPR_IK_PRIORITY, { "priority", "priorite" } },
	{ UPR_IK_STATES, { "under review", "examine", "country", "countries", "pays", "state",
			   "etat" } },
	{ UPR_IK_ORGANISATION, { "organisation", "organization", "organisme", "association",
				 "name", "nom" } },
};

/* Words of an answer that suggest each value (folded substrings). */
static const struct {
	int key;
	const char *value;
	const char *words[8];	/* NULL after the last */
} answers[] = {
	{ UPR_IK_KIND, "nhri", { "national human rights", "institution nationale", "nhri", "inddh" } },
	{ UPR_IK_KIND, "coalition", { "coalition", "network", "reseau", "collectif", "alliance" } },
	{ UPR_IK_KIND, "cso", { "ngo", "ong", "civil society", "societe civile", "cso", "osc" } },
	{ UPR_IK_REMOTE, "true", { "video", "remote", "online", "distance", "en ligne", "visio" } },
	{ UPR_IK_REMOTE, "false", { "person", "presentiel", "sur place", "geneva", "geneve",
				    "in situ" } },
};

static void line(FILE *f, const char *key, const char *col, const char *note)
{
	fprintf(f, "  %s: ", key);
	upr_iemit_scalar(f, col);
	fprintf(f, "%s\n", note);
}

/* The distinct answers of column col with their guessed values. */
static void value_map(FILE *f, const struct upr_csv *c, size_t col, int key)
{
	fprintf(f, "  %s:\n", upr_ikey_names[key]);
	for (size_t i = 0; i < c->nrows; i++) {
		const struct upr_csv_row *r = &c->rows[i];
		const char *a = col < r->ncells ? r->cells[col] : "";
		bool seen = !*a;
		for (size_t j = 0; j < i && !seen; j++)
			seen = col < c->rows[j].ncells && strcmp(c->rows[j].cells[col], a) == 0;
		if (seen)
			continue;
		char fa[UPR_NAME_MAX];
		upr_iso_fold(a, fa, sizeof(fa));
		const char *v = NULL;
		for (size_t k = 0; !v && k < sizeof(answers) / sizeof(answers[0]); k++)
			for (size_t w = 0; !v && answers[k].key == key && answers[k].words[w]; w++)
				if (strstr(fa, answers[k].words[w]))
					v = answers[k].value;
		fputs(v ? "    " : "    # ", f);
		upr_iemit_scalar(f, a);
		fprintf(f, ": %s\n", v ? v : "?    # no guess: write the value");
	}
}

int upr_iguess_map(FILE *f, const struct upr_csv *c, const char *csv_name)
{
	long col[G_COUNT];
	bool used[4096] = { false };
	for (int k = 0; k < G_COUNT; k++)
		col[k] = -1;
	for (size_t g = 0; g < sizeof(guesses) / sizeof(guesses[0]); g++) {
		for (size_t i = 0; i < c->ncols && i < 4096 && col[guesses[g].key] < 0; i++) {
			char fh[UPR_NAME_MAX];
			upr_iso_fold(c->header[i], fh, sizeof(fh));
			for (size_t w = 0; !used[i] && guesses[g].words[w]; w++)
				if (strstr(fh, guesses[g].words[w])) {
					col[guesses[g].key] = (long)i;
					used[i] = true;
				}
		}
	}
	const char *slash = strrchr(csv_name, '/');
	fprintf(f, "# The import map of %s (docs/reference.md#applications-in),\n"
		   "# guessed by `upr-schedule import --init` from its header row: check\n"
		   "# each guess, fill in what is missing, then run\n"
		   "#   upr-schedule import %s --map THIS-FILE -o speakers.yaml\n\n",
		slash ? slash + 1 : csv_name, slash ? slash + 1 : csv_name);
	fputs("# the round's input (event and States), from this file's folder;\n"
	      "# keep this map out of that folder, since `plan` reads every .yaml\n"
	      "# file there (or give --input instead)\n"
	      "# input: ../round\n\n", f);
	if (col[G_KEY] >= 0) {
		fputs("# the column that names a submission: duplicates and re-imports\n", f);
		fputs("key: ", f);
		upr_iemit_scalar(f, c->header[col[G_KEY]]);
		fputs("\n\n", f);
	} else {
		fputs("# key: COLUMN    # no submission id or e-mail column found: the\n"
		      "#                 organisation is the key\n\n", f);
	}
	fputs("columns:\n", f);
	if (col[UPR_IK_ID] < 0)
		fputs("  id: {from: organisation}\n", f);
	for (int k = 0; k < UPR_IK_COUNT; k++) {
		if (col[k] >= 0)
			line(f, upr_ikey_names[k], c->header[col[k]], "");
		else if (k != UPR_IK_ID)
			fprintf(f, "  # %s:%*s# no column found\n", upr_ikey_names[k],
				strlen(upr_ikey_names[k]) < 12 ? (int)(12 - strlen(upr_ikey_names[k])) : 1,
				"");
	}
	bool any = false;
	for (size_t i = 0; i < c->ncols; i++) {
		if (i < 4096 && used[i])
			continue;
		fputs(any ? "#   " : "\n# columns not used:\n#   ", f);
		upr_iemit_scalar(f, c->header[i]);
		fputc('\n', f);
		any = true;
	}
	if (col[UPR_IK_KIND] >= 0 || col[UPR_IK_REMOTE] >= 0) {
		fputs("\n# the form's answers -> the values of speakers.yaml\nvalues:\n", f);
		if (col[UPR_IK_KIND] >= 0)
			value_map(f, c, (size_t)col[UPR_IK_KIND], UPR_IK_KIND);
		if (col[UPR_IK_REMOTE] >= 0)
			value_map(f, c, (size_t)col[UPR_IK_REMOTE], UPR_IK_REMOTE);
	}
	return ferror(f) ? -1 : 0;
}
