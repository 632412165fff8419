/* mfc-upload-stream-private.h — the body of a multipart upload as one
 * stream: libsoup's framing before the file, the file itself read from
 * disk (or bytes already in memory), libsoup's framing after it.
 *
 * For MfcClient only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MFC_TYPE_UPLOAD_STREAM (mfc_upload_stream_get_type ())
G_DECLARE_FINAL_TYPE (MfcUploadStream, mfc_upload_stream, MFC, UPLOAD_STREAM, GInputStream)

GInputStream *mfc_upload_stream_new (GBytes *head,
                                     GFile  *file,
                                     GBytes *data,
                                     GBytes *tail);

G_END_DECLS
