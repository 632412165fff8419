/* mfc-tls-database.c
 *
 * A region may run the central service with a certificate from its own
 * CA.  GTlsFileDatabase alone would *replace* the system trust store, so
 * this database asks the system store first and the CA file second; a
 * chain passes if either accepts it.  Both are full verifications by the
 * TLS backend (chain, expiry, host name), so adding a CA never weakens
 * anything else.  It sits on the SoupSession: every request and the
 * events WebSocket are checked alike.
 *
 * verify_chain() runs in the TLS backend's handshake thread; the two
 * delegate databases are set once and never change, so nothing here
 * needs a lock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-service"

#include "config.h"

#include "mfc-tls-database.h"

struct _MfcTlsDatabase
{
  GTlsDatabase  parent_instance;
  GTlsDatabase *system;   /* may be NULL on a machine with no trust store */
  GTlsDatabase *extra;
};

G_DEFINE_FINAL_TYPE (MfcTlsDatabase, mfc_tls_database, G_TYPE_TLS_DATABASE)

static GTlsCertificateFlags
mfc_tls_database_verify_chain (GTlsDatabase             *database,
                               GTlsCertificate          *chain,
                               const char               *purpose,
                               GSocketConnectable       *identity,
                               GTlsInteraction          *interaction,
                               GTlsDatabaseVerifyFlags   flags,
                               GCancellable             *cancellable,
                               GError                  **error)
{
  MfcTlsDatabase *self = MFC_TLS_DATABASE (database);
  GTlsCertificateFlags system_result = G_TLS_CERTIFICATE_UNKNOWN_CA;
  GTlsCertificateFlags extra_result;

  if (self->system != NULL)
    {
      GError *local_error = NULL;

      system_result = g_tls_database_verify_chain (self->system, chain, purpose,
                                                   identity, interaction, flags,
                                                   cancellable, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return system_result;
        }
      if (system_result == 0)
        return 0;
    }

  extra_result = g_tls_database_verify_chain (self->extra, chain, purpose,
                                              identity, interaction, flags,
                                              cancellable, error);
  if (extra_result == 0)
    return 0;

  /* Report why the system store refused it: that is the usual story. */
  return system_result;
}

static GTlsCertificate *
mfc_tls_database_lookup_certificate_issuer (GTlsDatabase             *database,
                                            GTlsCertificate          *certificate,
                                            GTlsInteraction          *interaction,
                                            GTlsDatabaseLookupFlags   flags,
                                            GCancellable             *cancellable,
                                            GError                  **error)
{
  MfcTlsDatabase *self = MFC_TLS_DATABASE (database);

  if (self->system != NULL)
    {
      GTlsCertificate *issuer;
      GError *local_error = NULL;

      issuer = g_tls_database_lookup_certificate_issuer (self->system, certificate,
                                                         interaction, flags,
                                                         cancellable, &local_error);
      if (issuer != NULL)
        return issuer;
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
    }

  return g_tls_database_lookup_certificate_issuer (self->extra, certificate,
                                                   interaction, flags,
                                                   cancellable, error);
}

static GList *
mfc_tls_database_lookup_certificates_issued_by (GTlsDatabase             *database,
                                                GByteArray               *issuer_raw_dn,
                                                GTlsInteraction          *interaction,
                                                GTlsDatabaseLookupFlags   flags,
                                                GCancellable             *cancellable,
                                                GError                  **error)
{
  MfcTlsDatabase *self = MFC_TLS_DATABASE (database);
  GList *list = NULL;
  GError *local_error = NULL;

  if (self->system != NULL)
    {
      list = g_tls_database_lookup_certificates_issued_by (self->system, issuer_raw_dn,
                                                           interaction, flags,
                                                           cancellable, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return list;
        }
    }

  return g_list_concat (list,
                        g_tls_database_lookup_certificates_issued_by (self->extra, issuer_raw_dn,
                                                                      interaction, flags,
                                                                      cancellable, error));
}

static char *
mfc_tls_database_create_certificate_handle (GTlsDatabase    *database,
                                            GTlsCertificate *certificate)
{
  MfcTlsDatabase *self = MFC_TLS_DATABASE (database);
  char *handle = NULL;

  if (self->system != NULL)
    handle = g_tls_database_create_certificate_handle (self->system, certificate);
  if (handle == NULL)
    handle = g_tls_database_create_certificate_handle (self->extra, certificate);

  return handle;
}

static GTlsCertificate *
mfc_tls_database_lookup_certificate_for_handle (GTlsDatabase             *database,
                                                const char               *handle,
                                                GTlsInteraction          *interaction,
                                                GTlsDatabaseLookupFlags   flags,
                                                GCancellable             *cancellable,
                                                GError                  **error)
{
  MfcTlsDatabase *self = MFC_TLS_DATABASE (database);
  GTlsCertificate *certificate = NULL;

  if (self->system != NULL)
    certificate = g_tls_database_lookup_certificate_for_handle (self->system, handle,
                                                                interaction, flags,
                                                                cancellable, NULL);
  if (certificate == NULL)
    certificate = g_tls_database_lookup_certificate_for_handle (self->extra, handle,
                                                                interaction, flags,
                                                                cancellable, error);

  return certificate;
}

static void
mfc_tls_database_finalize (GObject *object)
{
  MfcTlsDatabase *self = MFC_TLS_DATABASE (object);

  g_clear_object (&self->system);
  g_clear_object (&self->extra);

  G_OBJECT_CLASS (mfc_tls_database_parent_class)->finalize (object);
}

static void
mfc_tls_database_class_init (MfcTlsDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GTlsDatabaseClass *database_class = G_TLS_DATABASE_CLASS (klass);

  object_class->finalize = mfc_tls_database_finalize;

  database_class->verify_chain = mfc_tls_database_verify_chain;
  database_class->lookup_certificate_issuer = mfc_tls_database_lookup_certificate_issuer;
  database_class->lookup_certificates_issued_by = mfc_tls_database_lookup_certificates_issued_by;
  database_class->create_certificate_handle = mfc_tls_database_create_certificate_handle;
  database_class->lookup_certificate_for_handle = mfc_tls_database_lookup_certificate_for_handle;
}

static void
mfc_tls_database_init (MfcTlsDatabase *self)
{
}

/**
 * mfc_tls_database_new:
 * @ca_file: a PEM file with one or more CA certificates
 *
 * Returns: (transfer full) (nullable): a database that trusts the system's
 *   CAs and those of @ca_file; %NULL with @error set if the file is unusable
 */
GTlsDatabase *
mfc_tls_database_new (const char  *ca_file,
                      GError     **error)
{
  g_autoptr(GTlsDatabase) extra = NULL;
  MfcTlsDatabase *self;

  extra = g_tls_file_database_new (ca_file, error);
  if (extra == NULL)
    return NULL;

  self = g_object_new (MFC_TYPE_TLS_DATABASE, NULL);
  self->system = g_tls_backend_get_default_database (g_tls_backend_get_default ());
  self->extra = g_steal_pointer (&extra);

  return G_TLS_DATABASE (self);
}
