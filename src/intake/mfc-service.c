/* mfc-service.c
 *
 * A service of the catalogue and its category, read from the contract's
 * `Service` and `ServiceCategory`.  Read-only: the catalogue changes on
 * the server only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-intake"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "mfc-applicant-search.h"
#include "mfc-client-error.h"
#include "mfc-service.h"

typedef struct
{
  char     *title;
  gboolean  mandatory;
} RequiredDocument;

struct _MfcService
{
  GObject  parent_instance;

  char    *id;
  char    *title;
  char    *folded_title;
  char    *category_id;
  char    *category_title;
  guint    deadline_working_days;
  gboolean bookable;
  GArray  *documents;          /* RequiredDocument */
};

G_DEFINE_FINAL_TYPE (MfcService, mfc_service, G_TYPE_OBJECT)

enum {
  SERVICE_PROP_0,
  SERVICE_PROP_ID,
  SERVICE_PROP_TITLE,
  SERVICE_PROP_CATEGORY_TITLE,
  SERVICE_PROP_DEADLINE_WORKING_DAYS,
  SERVICE_N_PROPS
};

static GParamSpec *service_properties[SERVICE_N_PROPS];

static void
required_document_clear (gpointer data)
{
  g_free (((RequiredDocument *) data)->title);
}

static void
mfc_service_finalize (GObject *object)
{
  MfcService *self = MFC_SERVICE (object);

  g_free (self->id);
  g_free (self->title);
  g_free (self->folded_title);
  g_free (self->category_id);
  g_free (self->category_title);
  g_array_unref (self->documents);

  G_OBJECT_CLASS (mfc_service_parent_class)->finalize (object);
}

static void
mfc_service_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MfcService *self = MFC_SERVICE (object);

  switch (prop_id)
    {
    case SERVICE_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case SERVICE_PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case SERVICE_PROP_CATEGORY_TITLE:
      g_value_set_string (value, self->category_title);
      break;
    case SERVICE_PROP_DEADLINE_WORKING_DAYS:
      g_value_set_uint (value, self->deadline_working_days);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_service_class_init (MfcServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mfc_service_finalize;
  object_class->get_property = mfc_service_get_property;

  service_properties[SERVICE_PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  service_properties[SERVICE_PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  service_properties[SERVICE_PROP_CATEGORY_TITLE] =
    g_param_spec_string ("category-title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  service_properties[SERVICE_PROP_DEADLINE_WORKING_DAYS] =
    g_param_spec_uint ("deadline-working-days", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, SERVICE_N_PROPS, service_properties);
}

static void
mfc_service_init (MfcService *self)
{
  self->documents = g_array_new (FALSE, TRUE, sizeof (RequiredDocument));
  g_array_set_clear_func (self->documents, required_document_clear);
}

static GError *
malformed (const char *message)
{
  return g_error_new_literal (MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_PROTOCOL, message);
}

/**
 * mfc_service_new_from_json:
 * @json: a `Service` object as the server sends it
 *
 * Returns: (transfer full) (nullable): the service
 */
MfcService *
mfc_service_new_from_json (JsonObject  *json,
                           GError     **error)
{
  g_autoptr(MfcService) self = g_object_new (MFC_TYPE_SERVICE, NULL);
  JsonObject *category;
  JsonArray *documents;

  g_return_val_if_fail (json != NULL, NULL);

  self->id = g_strdup (json_object_get_string_member_with_default (json, "id", NULL));
  self->title = g_strdup (json_object_get_string_member_with_default (json, "title", NULL));
  category = json_object_has_member (json, "category") &&
             JSON_NODE_HOLDS_OBJECT (json_object_get_member (json, "category"))
             ? json_object_get_object_member (json, "category") : NULL;
  documents = json_object_has_member (json, "required_documents") &&
              JSON_NODE_HOLDS_ARRAY (json_object_get_member (json, "required_documents"))
              ? json_object_get_array_member (json, "required_documents") : NULL;

  if (self->id == NULL || self->title == NULL || category == NULL || documents == NULL)
    {
      g_propagate_error (error, malformed (_("The service sent a malformed service description")));
      return NULL;
    }

  self->folded_title = mfc_applicant_search_fold (self->title);
  self->category_id = g_strdup (json_object_get_string_member_with_default (category, "id", NULL));
  self->category_title = g_strdup (json_object_get_string_member_with_default (category, "title", NULL));
  self->deadline_working_days = (guint) json_object_get_int_member_with_default (json, "deadline_working_days", 0);
  self->bookable = json_object_get_boolean_member_with_default (json, "bookable", FALSE);

  for (guint i = 0; i < json_array_get_length (documents); i++)
    {
      JsonNode *node = json_array_get_element (documents, i);
      RequiredDocument document = { 0 };

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      document.title = g_strdup (json_object_get_string_member_with_default (json_node_get_object (node),
                                                                             "title", ""));
      document.mandatory = json_object_get_boolean_member_with_default (json_node_get_object (node),
                                                                        "mandatory", FALSE);
      g_array_append_val (self->documents, document);
    }

  return g_steal_pointer (&self);
}

const char *
mfc_service_get_id (MfcService *self)
{
  g_return_val_if_fail (MFC_IS_SERVICE (self), NULL);
  return self->id;
}

const char *
mfc_service_get_title (MfcService *self)
{
  g_return_val_if_fail (MFC_IS_SERVICE (self), NULL);
  return self->title;
}

const char *
mfc_service_get_category_id (MfcService *self)
{
  g_return_val_if_fail (MFC_IS_SERVICE (self), NULL);
  return self->category_id;
}

const char *
mfc_service_get_category_title (MfcService *self)
{
  g_return_val_if_fail (MFC_IS_SERVICE (self), NULL);
  return self->category_title;
}

/**
 * mfc_service_get_deadline_working_days:
 *
 * Returns: the deadline of an application, in working days after the
 *   day it is accepted
 */
guint
mfc_service_get_deadline_working_days (MfcService *self)
{
  g_return_val_if_fail (MFC_IS_SERVICE (self), 0);
  return self->deadline_working_days;
}

gboolean
mfc_service_get_bookable (MfcService *self)
{
  g_return_val_if_fail (MFC_IS_SERVICE (self), FALSE);
  return self->bookable;
}

/**
 * mfc_service_get_n_required_documents:
 *
 * Returns: the length of the service's checklist, in display order
 */
guint
mfc_service_get_n_required_documents (MfcService *self)
{
  g_return_val_if_fail (MFC_IS_SERVICE (self), 0);
  return self->documents->len;
}

const char *
mfc_service_get_required_document_title (MfcService *self,
                                         guint       index)
{
  g_return_val_if_fail (MFC_IS_SERVICE (self), NULL);
  g_return_val_if_fail (index < self->documents->len, NULL);

  return g_array_index (self->documents, RequiredDocument, index).title;
}

gboolean
mfc_service_get_required_document_mandatory (MfcService *self,
                                             guint       index)
{
  g_return_val_if_fail (MFC_IS_SERVICE (self), FALSE);
  g_return_val_if_fail (index < self->documents->len, FALSE);

  return g_array_index (self->documents, RequiredDocument, index).mandatory;
}

static gboolean
has_word_prefix (const char *folded_title,
                 const char *word)
{
  gsize len = strlen (word);

  for (const char *p = folded_title; p != NULL && *p != '\0';)
    {
      if (strncmp (p, word, len) == 0)
        return TRUE;
      /* the next word starts after a space, hyphen, bracket or slash */
      p = strpbrk (p, " -(/");
      if (p != NULL)
        p++;
    }

  return FALSE;
}

/**
 * mfc_service_matches:
 * @search: (nullable): what the clerk typed
 *
 * Returns: %TRUE when @search is empty, is the service's code (its id),
 *   or each of its words begins a word of the title (case and ё/е aside:
 *   "паспорт замен" finds «Замена паспорта гражданина РФ»)
 */
gboolean
mfc_service_matches (MfcService *self,
                     const char *search)
{
  g_autofree char *folded = NULL;
  g_auto(GStrv) words = NULL;

  g_return_val_if_fail (MFC_IS_SERVICE (self), FALSE);

  folded = mfc_applicant_search_fold (search);
  if (folded[0] == '\0' || g_str_equal (folded, self->id))
    return TRUE;

  words = g_strsplit (folded, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (!has_word_prefix (self->folded_title, words[i]))
      return FALSE;

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* MfcServiceCategory                                                  */

struct _MfcServiceCategory
{
  GObject  parent_instance;
  char    *id;
  char    *title;
};

G_DEFINE_FINAL_TYPE (MfcServiceCategory, mfc_service_category, G_TYPE_OBJECT)

static void
mfc_service_category_finalize (GObject *object)
{
  MfcServiceCategory *self = MFC_SERVICE_CATEGORY (object);

  g_free (self->id);
  g_free (self->title);
  G_OBJECT_CLASS (mfc_service_category_parent_class)->finalize (object);
}

static void
mfc_service_category_class_init (MfcServiceCategoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mfc_service_category_finalize;
}

static void
mfc_service_category_init (MfcServiceCategory *self)
{
}

const char *
mfc_service_category_get_id (MfcServiceCategory *self)
{
  g_return_val_if_fail (MFC_IS_SERVICE_CATEGORY (self), NULL);
  return self->id;
}

const char *
mfc_service_category_get_title (MfcServiceCategory *self)
{
  g_return_val_if_fail (MFC_IS_SERVICE_CATEGORY (self), NULL);
  return self->title;
}

/**
 * mfc_service_category_new_from_json:
 * @json: a `ServiceCategory` object
 *
 * Returns: (transfer full) (nullable): the category
 */
MfcServiceCategory *
mfc_service_category_new_from_json (JsonObject  *json,
                                    GError     **error)
{
  const char *id, *title;
  MfcServiceCategory *self;

  g_return_val_if_fail (json != NULL, NULL);

  id = json_object_get_string_member_with_default (json, "id", NULL);
  title = json_object_get_string_member_with_default (json, "title", NULL);
  if (id == NULL || title == NULL)
    {
      g_propagate_error (error, malformed (_("The service sent a malformed service category")));
      return NULL;
    }

  self = g_object_new (MFC_TYPE_SERVICE_CATEGORY, NULL);
  self->id = g_strdup (id);
  self->title = g_strdup (title);

  return self;
}
