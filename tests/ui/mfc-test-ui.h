/* mfc-test-ui.h — what the UI tests share: waiting on the main loop,
 * real key presses through XTest, checking that text is Russian and not
 * clipped, and screenshots.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef gboolean (*MfcTestCondition) (gpointer data);

void      mfc_test_ui_init_russian    (int              *argc,
                                       char           ***argv);
gboolean  mfc_test_ui_wait_for        (MfcTestCondition  condition,
                                       gpointer          data,
                                       guint             timeout_ms);
void      mfc_test_ui_wait_until      (MfcTestCondition  condition,
                                       gpointer          data,
                                       guint             timeout_ms,
                                       const char       *what);
void      mfc_test_ui_wait_mapped     (GtkWidget        *widget);
void      mfc_test_ui_wait_file_contains (const char    *path,
                                       const char       *needle,
                                       guint             timeout_ms,
                                       const char       *what);
void      mfc_test_ui_run_for         (guint             ms);
void      mfc_test_ui_settle          (void);
void      mfc_test_ui_press_keys      (const char       *keys);
void      mfc_test_ui_press_keys_moving_focus (GtkWindow  *window,
                                               const char *keys);
void      mfc_test_ui_result_cb       (GObject          *object,
                                       GAsyncResult     *result,
                                       gpointer          user_data);
GAsyncResult *mfc_test_ui_wait_result (GAsyncResult    **slot,
                                       const char       *what);
gpointer  mfc_test_ui_template_child  (GtkWidget        *widget,
                                       GType             type,
                                       const char       *name);

void      mfc_test_ui_type_text       (const char       *text);
GPtrArray *mfc_test_ui_collect_texts  (GtkWidget        *root);
void      mfc_test_ui_assert_russian  (GPtrArray        *texts,
                                       const char * const *allowed);
void      mfc_test_ui_assert_no_ellipsized_labels (GtkWidget *root);
void      mfc_test_ui_assert_icon_buttons_described (GtkWidget *root);
GtkWindow *mfc_test_ui_find_window   (GtkApplication   *app,
                                       GType             type);
char     *mfc_test_ui_screenshot      (GtkWidget        *window,
                                       const char       *name);

G_END_DECLS
