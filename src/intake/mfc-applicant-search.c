/* mfc-applicant-search.c
 *
 * The model under the intake page's search field.  Typing restarts a
 * short timer (the delay is a property, so tests set 0 and the query goes
 * out at once); when it fires, the detected filter is given to an
 * MfcPagedModel, which drops the page still in flight for the previous
 * text.  The items this model shows are the paged model's, filtered by
 * the ё/е-folded name for name searches (see the header for why).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-intake"

#include "config.h"

#include <string.h>

#include "mfc-applicant-search.h"
#include "mfc-paged-model.h"
#include "mfc-validators.h"

#define PAGE_LIMIT 50
/* A name search keeps fetching pages while fewer than this many
 * applicants passed the ё/е filter… */
#define WANTED_ITEMS 20
/* …but never walks more pages than this on its own. */
#define MAX_AUTO_PAGES 10
#define NAME_MIN_LETTERS 2

struct _MfcApplicantSearch
{
  GObject        parent_instance;

  MfcClient     *client;
  MfcPagedModel *paged;
  GPtrArray     *items;           /* MfcApplicant, the ones shown */

  char          *text;
  MfcSearchKind  kind;
  char          *name_filter;     /* folded text for names, else NULL */
  MfcQuery      *query;           /* the last one sent */
  guint          delay_ms;
  guint          timeout_id;
  guint          auto_pages;
  gboolean       loading;
};

static void mfc_applicant_search_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MfcApplicantSearch, mfc_applicant_search, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      mfc_applicant_search_list_model_init))

G_DEFINE_ENUM_TYPE (MfcSearchKind, mfc_search_kind,
                    G_DEFINE_ENUM_VALUE (MFC_SEARCH_KIND_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (MFC_SEARCH_KIND_SNILS, "snils"),
                    G_DEFINE_ENUM_VALUE (MFC_SEARCH_KIND_PASSPORT, "passport"),
                    G_DEFINE_ENUM_VALUE (MFC_SEARCH_KIND_PHONE, "phone"),
                    G_DEFINE_ENUM_VALUE (MFC_SEARCH_KIND_NAME, "name"))

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_TEXT,
  PROP_KIND,
  PROP_DELAY,
  PROP_LOADING,
  PROP_TOP_HIT,
  PROP_N_ITEMS,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  QUERY_SENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Detection */

static gboolean
is_name_char (gunichar c)
{
  return g_unichar_isalpha (c) || c == ' ' || c == '-' || c == '\'' ||
         c == 0x2019 || c == 0x2010 || g_unichar_isspace (c);
}

/* The lengths of the digit groups, e.g. "3,3,3,2" for "123-456-789 01". */
static char *
digit_groups (const char *text)
{
  g_autoptr(GString) shape = g_string_new (NULL);
  guint run = 0;

  for (const char *p = text;; p++)
    {
      if (g_ascii_isdigit (*p))
        run++;
      else if (run > 0)
        {
          g_string_append_printf (shape, shape->len > 0 ? ",%u" : "%u", run);
          run = 0;
        }
      if (*p == '\0')
        break;
    }

  return g_string_free (g_steal_pointer (&shape), FALSE);
}

static MfcSearchKind
detect_name (const char  *text,
             char       **value)
{
  guint letters = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!is_name_char (c))
        return MFC_SEARCH_KIND_NONE;
      if (g_unichar_isalpha (c))
        letters++;
    }

  if (letters < NAME_MIN_LETTERS)
    return MFC_SEARCH_KIND_NONE;

  if (value != NULL)
    *value = mfc_applicant_search_fold (text);

  return MFC_SEARCH_KIND_NAME;
}

static MfcSearchKind
detect_number (const char  *text,
               char       **value)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  g_autofree char *groups = NULL;
  g_autofree char *phone = NULL;
  gboolean plus = text[0] == '+';
  gboolean brackets = FALSE;
  gboolean numero = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_ascii_isdigit (c))
        g_string_append_c (digits, (char) c);
      else if (c == '(' || c == ')')
        brackets = TRUE;
      else if (c == 0x2116)   /* № */
        numero = TRUE;
      else if (c != ' ' && c != '-' && c != '.' && !(c == '+' && p == text))
        return MFC_SEARCH_KIND_NONE;
    }

  groups = digit_groups (text);
  mfc_validate_phone (text, &phone, NULL);

  if (plus || brackets)
    {
      if (phone == NULL)
        return MFC_SEARCH_KIND_NONE;
      if (value != NULL)
        *value = g_steal_pointer (&phone);
      return MFC_SEARCH_KIND_PHONE;
    }

  if (digits->len == 11 && !numero)
    {
      gboolean snils_layout = g_str_equal (groups, "3,3,3,2") || g_str_equal (groups, "9,2");
      gboolean phone_layout = phone != NULL && (g_str_has_prefix (groups, "1,3,") ||
                                                g_str_equal (groups, "1,10"));
      gboolean snils_ok = mfc_validate_snils (digits->str, NULL, NULL);

      if (!snils_layout && (phone_layout || (!snils_ok && phone != NULL)))
        {
          if (value != NULL)
            *value = g_steal_pointer (&phone);
          return MFC_SEARCH_KIND_PHONE;
        }

      if (value != NULL)
        *value = g_strdup (digits->str);
      return MFC_SEARCH_KIND_SNILS;
    }

  if (digits->len == 10)
    {
      gboolean phone_layout = g_str_equal (groups, "3,3,2,2") || g_str_equal (groups, "3,7") ||
                              g_str_equal (groups, "3,3,4");

      if (!numero && phone_layout && phone != NULL)
        {
          if (value != NULL)
            *value = g_steal_pointer (&phone);
          return MFC_SEARCH_KIND_PHONE;
        }

      if (value != NULL)
        *value = g_strdup (digits->str);
      return MFC_SEARCH_KIND_PASSPORT;
    }

  return MFC_SEARCH_KIND_NONE;
}

/* The longest part of @folded between two "е" (the server compares case
 * only, so a part with "е" would miss a stored "ё"), trimmed. */
static char *
server_fragment (const char *folded)
{
  g_auto(GStrv) parts = g_strsplit (folded, "е", -1);
  const char *best = "";
  glong best_len = 0;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      glong len;

      g_strstrip (parts[i]);
      len = g_utf8_strlen (parts[i], -1);
      if (len > best_len)
        {
          best = parts[i];
          best_len = len;
        }
    }

  return g_strdup (best);
}

/* The list */

static gboolean
passes_filter (MfcApplicantSearch *self,
               MfcApplicant       *applicant)
{
  if (self->name_filter == NULL)
    return TRUE;

  return mfc_applicant_search_name_matches (mfc_applicant_get_full_name (applicant),
                                            self->name_filter);
}

static void
set_loading (MfcApplicantSearch *self,
             gboolean            loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
update_loading (MfcApplicantSearch *self)
{
  set_loading (self, self->timeout_id != 0 || mfc_paged_model_get_loading (self->paged));
}

static void
rebuild (MfcApplicantSearch *self)
{
  GListModel *source = G_LIST_MODEL (self->paged);
  guint old_len = self->items->len;
  gpointer old_top = old_len > 0 ? g_object_ref (self->items->pdata[0]) : NULL;
  guint n = g_list_model_get_n_items (source);

  g_ptr_array_set_size (self->items, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MfcApplicant) applicant = g_list_model_get_item (source, i);

      if (passes_filter (self, applicant))
        g_ptr_array_add (self->items, g_steal_pointer (&applicant));
    }

  if (old_len > 0 || self->items->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->items->len);
  if (old_len != self->items->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  if ((self->items->len > 0 ? self->items->pdata[0] : NULL) != old_top)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOP_HIT]);
  g_clear_object (&old_top);
}

static void
send_query (MfcApplicantSearch *self)
{
  g_autoptr(MfcQuery) query = NULL;
  g_autofree char *name_filter = NULL;
  MfcSearchKind kind = MFC_SEARCH_KIND_NONE;

  query = self->text != NULL ? mfc_applicant_search_build_query (self->text, &kind) : NULL;
  if (kind == MFC_SEARCH_KIND_NAME)
    name_filter = mfc_applicant_search_fold (self->text);

  /* "Иванова" and "Иванова " ask the same: keep what is shown (unless
   * it failed, when typing again is how a clerk retries). */
  if (query != NULL && self->query != NULL &&
      mfc_paged_model_get_error (self->paged) == NULL &&
      g_strcmp0 (name_filter, self->name_filter) == 0)
    {
      g_autofree char *sent = mfc_query_to_string (self->query);
      g_autofree char *wanted = mfc_query_to_string (query);

      if (g_str_equal (sent, wanted))
        return;
    }

  self->auto_pages = 0;
  g_free (self->name_filter);
  self->name_filter = g_steal_pointer (&name_filter);

  g_clear_pointer (&self->query, mfc_query_unref);
  self->query = query != NULL ? mfc_query_ref (query) : NULL;

  /* Cancels the page in flight for the previous text. */
  mfc_paged_model_set_query (self->paged, query);
  rebuild (self);

  if (query != NULL)
    g_signal_emit (self, signals[QUERY_SENT], 0, query);
}

static gboolean
debounce_cb (gpointer data)
{
  MfcApplicantSearch *self = data;

  self->timeout_id = 0;
  send_query (self);
  update_loading (self);

  return G_SOURCE_REMOVE;
}

static void
paged_items_changed_cb (GListModel         *model,
                        guint               position,
                        guint               removed,
                        guint               added,
                        MfcApplicantSearch *self)
{
  rebuild (self);
}

/* A name search whose filter threw most of a page away asks for the
 * next one, within limits, once the page before has landed. */
static void
paged_loading_cb (GObject            *object,
                  GParamSpec         *pspec,
                  MfcApplicantSearch *self)
{
  if (!mfc_paged_model_get_loading (self->paged) &&
      self->name_filter != NULL &&
      self->items->len < WANTED_ITEMS &&
      self->auto_pages < MAX_AUTO_PAGES &&
      !mfc_paged_model_get_at_end (self->paged) &&
      mfc_paged_model_get_error (self->paged) == NULL)
    {
      self->auto_pages++;
      mfc_paged_model_load_more (self->paged);
    }

  update_loading (self);
}

static void
paged_error_cb (GObject            *object,
                GParamSpec         *pspec,
                MfcApplicantSearch *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/* GListModel */

static GType
mfc_applicant_search_get_item_type (GListModel *model)
{
  return MFC_TYPE_APPLICANT;
}

static guint
mfc_applicant_search_get_n_items (GListModel *model)
{
  return MFC_APPLICANT_SEARCH (model)->items->len;
}

static gpointer
mfc_applicant_search_get_item (GListModel *model,
                               guint       position)
{
  MfcApplicantSearch *self = MFC_APPLICANT_SEARCH (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (self->items->pdata[position]);
}

static void
mfc_applicant_search_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = mfc_applicant_search_get_item_type;
  iface->get_n_items = mfc_applicant_search_get_n_items;
  iface->get_item = mfc_applicant_search_get_item;
}

/* GObject */

static void
mfc_applicant_search_dispose (GObject *object)
{
  MfcApplicantSearch *self = MFC_APPLICANT_SEARCH (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->paged != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->paged, self);
      mfc_paged_model_set_query (self->paged, NULL);
    }
  g_clear_object (&self->paged);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (mfc_applicant_search_parent_class)->dispose (object);
}

static void
mfc_applicant_search_finalize (GObject *object)
{
  MfcApplicantSearch *self = MFC_APPLICANT_SEARCH (object);

  g_ptr_array_unref (self->items);
  g_free (self->text);
  g_free (self->name_filter);
  g_clear_pointer (&self->query, mfc_query_unref);

  G_OBJECT_CLASS (mfc_applicant_search_parent_class)->finalize (object);
}

static void
mfc_applicant_search_constructed (GObject *object)
{
  MfcApplicantSearch *self = MFC_APPLICANT_SEARCH (object);

  G_OBJECT_CLASS (mfc_applicant_search_parent_class)->constructed (object);

  g_assert (self->client != NULL);
  self->paged = mfc_paged_model_new (self->client, MFC_TYPE_APPLICANT,
                                     mfc_applicant_parse_cb, NULL, NULL);
  g_signal_connect (self->paged, "items-changed", G_CALLBACK (paged_items_changed_cb), self);
  g_signal_connect (self->paged, "notify::loading", G_CALLBACK (paged_loading_cb), self);
  g_signal_connect (self->paged, "notify::error", G_CALLBACK (paged_error_cb), self);
}

static void
mfc_applicant_search_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  MfcApplicantSearch *self = MFC_APPLICANT_SEARCH (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_DELAY:
      g_value_set_uint (value, self->delay_ms);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_TOP_HIT:
      g_value_set_object (value, mfc_applicant_search_get_top_hit (self));
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, mfc_paged_model_get_error (self->paged));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_applicant_search_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  MfcApplicantSearch *self = MFC_APPLICANT_SEARCH (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_TEXT:
      mfc_applicant_search_set_text (self, g_value_get_string (value));
      break;
    case PROP_DELAY:
      mfc_applicant_search_set_delay (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_applicant_search_class_init (MfcApplicantSearchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = mfc_applicant_search_constructed;
  object_class->dispose = mfc_applicant_search_dispose;
  object_class->finalize = mfc_applicant_search_finalize;
  object_class->get_property = mfc_applicant_search_get_property;
  object_class->set_property = mfc_applicant_search_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, MFC_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, MFC_TYPE_SEARCH_KIND, MFC_SEARCH_KIND_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DELAY] =
    g_param_spec_uint ("delay", NULL, NULL, 0, 10000, MFC_APPLICANT_SEARCH_DEFAULT_DELAY_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOP_HIT] =
    g_param_spec_object ("top-hit", NULL, NULL, MFC_TYPE_APPLICANT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MfcApplicantSearch::query-sent:
   * @query: the `GET /api/v1/applicants` call now under way
   *
   * The debounce delay has passed and the search went out.
   */
  signals[QUERY_SENT] =
    g_signal_new ("query-sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, MFC_TYPE_QUERY);
}

static void
mfc_applicant_search_init (MfcApplicantSearch *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->delay_ms = MFC_APPLICANT_SEARCH_DEFAULT_DELAY_MS;
}

/* Public API */

/**
 * mfc_applicant_search_detect:
 * @text: what the clerk typed
 * @value: (out) (optional) (transfer full): the value as the filter wants
 *   it: 11 digits, 10 digits, "+7XXXXXXXXXX", or the folded name
 *
 * See the header for the rules.
 *
 * Returns: the kind of @text
 */
MfcSearchKind
mfc_applicant_search_detect (const char  *text,
                             char       **value)
{
  g_autofree char *trimmed = NULL;
  gboolean has_letter = FALSE;

  if (value != NULL)
    *value = NULL;
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return MFC_SEARCH_KIND_NONE;

  trimmed = g_strstrip (g_strdup (text));
  if (trimmed[0] == '\0')
    return MFC_SEARCH_KIND_NONE;

  for (const char *p = trimmed; *p != '\0' && !has_letter; p = g_utf8_next_char (p))
    has_letter = g_unichar_isalpha (g_utf8_get_char (p));

  return has_letter ? detect_name (trimmed, value) : detect_number (trimmed, value);
}

/**
 * mfc_applicant_search_build_query:
 * @text: what the clerk typed
 * @kind: (out) (optional): its kind
 *
 * Returns: (transfer full) (nullable): the `GET /api/v1/applicants` call
 *   for @text, %NULL when nothing should be sent
 */
MfcQuery *
mfc_applicant_search_build_query (const char    *text,
                                  MfcSearchKind *kind)
{
  g_autofree char *value = NULL;
  g_autoptr(MfcQuery) query = NULL;
  MfcSearchKind found = mfc_applicant_search_detect (text, &value);

  if (kind != NULL)
    *kind = found;
  if (found == MFC_SEARCH_KIND_NONE)
    return NULL;

  query = mfc_query_new ("/api/v1/applicants");
  switch (found)
    {
    case MFC_SEARCH_KIND_SNILS:
      mfc_query_add (query, "snils", value);
      break;
    case MFC_SEARCH_KIND_PASSPORT:
      mfc_query_add (query, "passport", value);
      break;
    case MFC_SEARCH_KIND_PHONE:
      mfc_query_add (query, "phone", value);
      break;
    case MFC_SEARCH_KIND_NAME:
      {
        g_autofree char *fragment = server_fragment (value);

        if (fragment[0] != '\0')
          mfc_query_add (query, "q", fragment);
      }
      break;
    case MFC_SEARCH_KIND_NONE:
    default:
      g_assert_not_reached ();
    }
  mfc_query_add_int (query, "limit", PAGE_LIMIT);

  return g_steal_pointer (&query);
}

/**
 * mfc_applicant_search_fold:
 * @text: a name or part of one
 *
 * Returns: (transfer full): @text in lower case with ё as е, the
 *   typographic apostrophe and hyphen as ASCII, runs of white space as
 *   one space, trimmed — the form two names are compared in
 */
char *
mfc_applicant_search_fold (const char *text)
{
  g_autofree char *lower = g_utf8_strdown (text != NULL ? text : "", -1);
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = lower; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;

      if (c == 0x0451)          /* ё */
        c = 0x0435;             /* е */
      else if (c == 0x2019)
        c = '\'';
      else if (c == 0x2010 || c == 0x2011)
        c = '-';
      g_string_append_unichar (out, c);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * mfc_applicant_search_name_matches:
 * @full_name: an applicant's full name
 * @text: what was typed
 *
 * Returns: %TRUE when @full_name holds @text, ignoring case and ё/е
 */
gboolean
mfc_applicant_search_name_matches (const char *full_name,
                                   const char *text)
{
  g_autofree char *haystack = mfc_applicant_search_fold (full_name);
  g_autofree char *needle = mfc_applicant_search_fold (text);

  return strstr (haystack, needle) != NULL;
}

/**
 * mfc_applicant_search_new:
 * @client: the client the searches go through
 *
 * Returns: (transfer full): an empty search
 */
MfcApplicantSearch *
mfc_applicant_search_new (MfcClient *client)
{
  g_return_val_if_fail (MFC_IS_CLIENT (client), NULL);

  return g_object_new (MFC_TYPE_APPLICANT_SEARCH, "client", client, NULL);
}

/**
 * mfc_applicant_search_set_text:
 * @text: (nullable): what the clerk typed so far
 *
 * Recognises the kind at once (the "kind" property) and sends the search
 * after the delay; each new text restarts the delay.
 */
void
mfc_applicant_search_set_text (MfcApplicantSearch *self,
                               const char         *text)
{
  MfcSearchKind kind;

  g_return_if_fail (MFC_IS_APPLICANT_SEARCH (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;

  g_free (self->text);
  self->text = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);

  kind = mfc_applicant_search_detect (text, NULL);
  if (kind != self->kind)
    {
      self->kind = kind;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
    }

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (kind == MFC_SEARCH_KIND_NONE || self->delay_ms == 0)
    send_query (self);
  else
    self->timeout_id = g_timeout_add (self->delay_ms, debounce_cb, self);

  update_loading (self);
}

const char *
mfc_applicant_search_get_text (MfcApplicantSearch *self)
{
  g_return_val_if_fail (MFC_IS_APPLICANT_SEARCH (self), NULL);

  return self->text;
}

MfcSearchKind
mfc_applicant_search_get_kind (MfcApplicantSearch *self)
{
  g_return_val_if_fail (MFC_IS_APPLICANT_SEARCH (self), MFC_SEARCH_KIND_NONE);

  return self->kind;
}

/**
 * mfc_applicant_search_set_delay:
 * @delay_ms: the pause after the last keystroke before the search goes
 *   out; 0 sends it from mfc_applicant_search_set_text() itself
 */
void
mfc_applicant_search_set_delay (MfcApplicantSearch *self,
                                guint               delay_ms)
{
  g_return_if_fail (MFC_IS_APPLICANT_SEARCH (self));

  if (self->delay_ms == delay_ms)
    return;

  self->delay_ms = delay_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELAY]);
}

guint
mfc_applicant_search_get_delay (MfcApplicantSearch *self)
{
  g_return_val_if_fail (MFC_IS_APPLICANT_SEARCH (self), 0);

  return self->delay_ms;
}

/**
 * mfc_applicant_search_get_loading:
 *
 * Returns: %TRUE while a search waits for its delay or its answer
 */
gboolean
mfc_applicant_search_get_loading (MfcApplicantSearch *self)
{
  g_return_val_if_fail (MFC_IS_APPLICANT_SEARCH (self), FALSE);

  return self->loading;
}

/**
 * mfc_applicant_search_get_error:
 *
 * Returns: (nullable): why the last search failed, in MFC_CLIENT_ERROR
 */
const GError *
mfc_applicant_search_get_error (MfcApplicantSearch *self)
{
  g_return_val_if_fail (MFC_IS_APPLICANT_SEARCH (self), NULL);

  return mfc_paged_model_get_error (self->paged);
}

/**
 * mfc_applicant_search_get_top_hit:
 *
 * Returns: (transfer none) (nullable): the first applicant found, the one
 *   Enter opens
 */
MfcApplicant *
mfc_applicant_search_get_top_hit (MfcApplicantSearch *self)
{
  g_return_val_if_fail (MFC_IS_APPLICANT_SEARCH (self), NULL);

  return self->items->len > 0 ? self->items->pdata[0] : NULL;
}

/**
 * mfc_applicant_search_get_query:
 *
 * Returns: (transfer none) (nullable): the last search sent
 */
MfcQuery *
mfc_applicant_search_get_query (MfcApplicantSearch *self)
{
  g_return_val_if_fail (MFC_IS_APPLICANT_SEARCH (self), NULL);

  return self->query;
}

/**
 * mfc_applicant_search_load_more:
 *
 * For a view near the end of the list.
 */
void
mfc_applicant_search_load_more (MfcApplicantSearch *self)
{
  g_return_if_fail (MFC_IS_APPLICANT_SEARCH (self));

  mfc_paged_model_load_more (self->paged);
}
