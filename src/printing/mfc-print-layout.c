/* mfc-print-layout.c
 *
 * Lays a document out the way a Russian office paper looks: the office
 * and the moment at the top left, the QR code at the top right, a rule,
 * the title centred, then label/value rows, marked lists, framed
 * notices, paragraphs
 * (ragged right: justified DejaVu Serif on a narrow line leaves rivers)
 * and signature lines; small print and «Стр. N из M» at the
 * foot of each page; «ОБРАЗЕЦ» across every page in training mode.
 *
 * The document is cut into pieces first (a row, an item, a signature,
 * a notice, one line of a paragraph), each measured once; pagination then only
 * adds heights.  A row, an item or a notice is never split; a paragraph breaks
 * between lines; a heading stays with what follows it, and a signature
 * with what precedes it.  A piece taller
 * than a whole page (a row with pages of text) is put on a page of its
 * own and runs over its foot: the caller should have made it a
 * paragraph.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-printing"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include "mfc-print-document-private.h"
#include "mfc-print-format.h"
#include "mfc-print-layout.h"

#define MM               (72.0 / 25.4)
#define MARGIN_LEFT      (20.0 * MM)   /* ГОСТ Р 7.0.97: 20 mm for binding */
#define MARGIN_RIGHT     (12.0 * MM)
#define MARGIN_TOP       (15.0 * MM)
#define MARGIN_BOTTOM    (12.0 * MM)

#define FONT_FAMILY      "DejaVu Serif, Serif"
#define WATERMARK_FAMILY "DejaVu Sans, Sans"
#define SIZE_BODY        10.0
#define SIZE_HEADER      9.0
#define SIZE_TITLE       13.0
#define SIZE_SMALL       7.5

#define QR_BOX           (30.0 * MM)   /* the code with its quiet zone */
#define QR_QUIET_MODULES 4
#define HEADER_GAP       (5.0 * MM)

#define LABEL_SHARE      0.36          /* of the content width */
#define COLUMN_GAP       (3.0 * MM)
#define MARK_WIDTH       (5.0 * MM)
#define SIGN_LINE        (42.0 * MM)
#define NAME_LINE        (58.0 * MM)

#define NOTICE_PADDING   (2.0 * MM)
#define MIN_CONTENT_WIDTH (60.0 * MM)

#define GREY             0.35

typedef struct
{
  const MfcPrintBlock *block;
  PangoLayout         *main;      /* heading, label, item, paragraph, signer */
  PangoLayout         *second;    /* value, mark, name */
  int                  line;      /* paragraph line, else -1 */
  double               line_top;  /* the line's top inside @main */
  double               line_x;    /* the line's left edge inside @main */
  double               baseline;  /* the line's baseline below its top */
  double               space_before;
  double               height;
  gboolean             keep_with_next;
} Piece;

typedef struct
{
  guint first;
  guint n;
} Page;

struct _MfcPrintLayout
{
  MfcPrintDocument *doc;
  PangoContext     *context;
  double            width;
  double            height;
  double            content_width;

  /* first page */
  PangoLayout      *header;
  QRcode           *qr;
  PangoLayout      *qr_caption;
  PangoLayout      *title;
  PangoLayout      *subtitle;
  double            header_height;   /* office block and the code */
  double            rule_y;
  double            title_y;
  double            subtitle_y;
  double            first_top;       /* where content starts on page 1 */

  /* every other page */
  PangoLayout      *running;
  double            other_top;

  /* every page */
  PangoLayout      *footer;
  PangoLayout      *page_number;     /* text set per page */
  double            footer_height;
  PangoLayout      *watermark;
  PangoLayout      *sign_caption;
  PangoLayout      *slash;
  PangoLayout      *name_caption;

  GArray           *pieces;          /* Piece */
  GArray           *pages;           /* Page */
};

/* Helpers */

static PangoLayout *
new_text (MfcPrintLayout *self,
          const char     *text,
          double          size,
          PangoWeight     weight,
          double          width)
{
  PangoLayout *layout = pango_layout_new (self->context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (FONT_FAMILY);

  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  pango_font_description_set_weight (font, weight);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (width > 0)
    pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_text (layout, text, -1);

  return layout;
}

/* Values are data: an e-mail, a number or a code broken at the end of a
 * line must not gain a hyphen that was never in it */
static void
no_hyphens (PangoLayout *layout)
{
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
}

static double
text_height (PangoLayout *layout)
{
  int h;

  if (layout == NULL)
    return 0;

  pango_layout_get_size (layout, NULL, &h);
  return (double) h / PANGO_SCALE;
}

static void
show_at (cairo_t     *cr,
         PangoLayout *layout,
         double       x,
         double       y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static const char *
mark_text (MfcPrintMark mark)
{
  switch (mark)
    {
    case MFC_PRINT_MARK_PRESENT: return "✓";
    case MFC_PRINT_MARK_MISSING: return "✗";
    case MFC_PRINT_MARK_BULLET:
    default:                     return "•";
    }
}

static const char *
signer_label (MfcPrintSigner signer)
{
  switch (signer)
    {
    case MFC_PRINT_SIGNER_CLERK:     return _("Clerk's signature");
    case MFC_PRINT_SIGNER_APPLICANT:
    default:                         return _("Applicant's signature");
    }
}

G_GNUC_PRINTF (2, 3)
static void
append_markup (GString    *markup,
               const char *format,
               ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_markup_vprintf_escaped (format, args);
  va_end (args);
  g_string_append (markup, text);
}

static void
piece_clear (gpointer data)
{
  Piece *piece = data;

  g_clear_object (&piece->main);
  g_clear_object (&piece->second);
}

static void
add_piece (MfcPrintLayout *self,
           Piece           piece)
{
  g_array_append_val (self->pieces, piece);
}

/* Measuring */

static void
build_header (MfcPrintLayout *self)
{
  MfcPrintDocument *doc = self->doc;
  g_autoptr(GString) markup = g_string_new (NULL);
  double left_width = self->content_width;
  double qr_height = 0;

  if (doc->qr_payload != NULL)
    {
      /* Level M survives a crease or a coffee stain; 8-bit mode keeps
       * the payload byte for byte (case and Cyrillic included). */
      self->qr = QRcode_encodeString8bit (doc->qr_payload, 0, QR_ECLEVEL_M);
      if (self->qr == NULL)
        g_warning ("The QR code could not be encoded: %s", g_strerror (errno));
    }

  if (self->qr != NULL)
    {
      left_width = MAX (left_width - QR_BOX - HEADER_GAP, MIN_CONTENT_WIDTH / 2);
      qr_height = QR_BOX;
      if (doc->qr_caption != NULL)
        {
          self->qr_caption = new_text (self, doc->qr_caption, SIZE_SMALL,
                                       PANGO_WEIGHT_NORMAL, QR_BOX);
          pango_layout_set_alignment (self->qr_caption, PANGO_ALIGN_CENTER);
          qr_height += text_height (self->qr_caption);
        }
    }

  /* Markup, for the office name in bold: every part from the caller is
   * escaped on the way in. */
  if (doc->office_name != NULL)
    append_markup (markup, "<b>%s</b>\n", doc->office_name);
  if (doc->office_address != NULL)
    append_markup (markup, "%s\n", doc->office_address);
  if (markup->len > 0 && (doc->clerk != NULL || doc->instant != NULL))
    g_string_append_c (markup, '\n');
  if (doc->clerk != NULL)
    append_markup (markup, "%s %s\n", _("Clerk:"), doc->clerk);
  if (doc->instant != NULL)
    {
      g_autofree char *when = mfc_print_format_date_time (doc->instant,
                                                          doc->zone);

      append_markup (markup, "%s %s\n", _("Date and time:"), when);
    }

  if (markup->len > 0)
    {
      g_string_truncate (markup, markup->len - 1);
      self->header = new_text (self, "", SIZE_HEADER, PANGO_WEIGHT_NORMAL,
                               left_width);
      pango_layout_set_markup (self->header, markup->str, -1);
    }

  self->header_height = MAX (text_height (self->header), qr_height);
}

static void
build_title (MfcPrintLayout *self)
{
  MfcPrintDocument *doc = self->doc;
  double y = MARGIN_TOP;

  if (self->header_height > 0)
    {
      self->rule_y = y + self->header_height + 4.0 * MM;
      y = self->rule_y + 6.0 * MM;
    }

  self->title = new_text (self, doc->title, SIZE_TITLE, PANGO_WEIGHT_BOLD,
                          self->content_width);
  pango_layout_set_alignment (self->title, PANGO_ALIGN_CENTER);
  self->title_y = y;
  y += text_height (self->title);

  if (doc->subtitle != NULL)
    {
      self->subtitle = new_text (self, doc->subtitle, SIZE_BODY + 0.5,
                                 PANGO_WEIGHT_NORMAL, self->content_width);
      pango_layout_set_alignment (self->subtitle, PANGO_ALIGN_CENTER);
      self->subtitle_y = y + 1.0 * MM;
      y = self->subtitle_y + text_height (self->subtitle);
    }

  self->first_top = y + 5.0 * MM;
}

static void
build_page_furniture (MfcPrintLayout *self)
{
  MfcPrintDocument *doc = self->doc;
  g_autofree char *running = NULL;
  g_autoptr(PangoFontDescription) font = NULL;

  running = doc->office_name != NULL
            ? g_strdup_printf ("%s — %s", doc->title, doc->office_name)
            : g_strdup (doc->title);
  self->running = new_text (self, running, SIZE_SMALL, PANGO_WEIGHT_NORMAL,
                            self->content_width);
  pango_layout_set_ellipsize (self->running, PANGO_ELLIPSIZE_END);
  self->other_top = MARGIN_TOP + text_height (self->running) + 5.0 * MM;

  /* The page number line is reserved on every page, so adding a page
   * never moves what is on the others. */
  self->page_number = new_text (self, "0", SIZE_SMALL, PANGO_WEIGHT_NORMAL,
                                self->content_width);
  pango_layout_set_alignment (self->page_number, PANGO_ALIGN_RIGHT);
  self->footer_height = text_height (self->page_number);
  if (doc->footer != NULL)
    {
      self->footer = new_text (self, doc->footer, SIZE_SMALL,
                               PANGO_WEIGHT_NORMAL, self->content_width);
      self->footer_height += text_height (self->footer) + 1.0 * MM;
    }

  self->sign_caption = new_text (self, _("(signature)"), SIZE_SMALL - 1,
                                 PANGO_WEIGHT_NORMAL, SIGN_LINE);
  pango_layout_set_alignment (self->sign_caption, PANGO_ALIGN_CENTER);
  self->slash = new_text (self, "/", SIZE_BODY, PANGO_WEIGHT_NORMAL, -1);
  self->name_caption = new_text (self, _("(full name)"), SIZE_SMALL - 1,
                                 PANGO_WEIGHT_NORMAL, NAME_LINE);
  pango_layout_set_alignment (self->name_caption, PANGO_ALIGN_CENTER);

  if (doc->training)
    {
      self->watermark = pango_layout_new (self->context);
      font = pango_font_description_from_string (WATERMARK_FAMILY " Bold 100");
      pango_layout_set_font_description (self->watermark, font);
      /* TRANSLATORS: the watermark across every page printed in
       * training mode */
      pango_layout_set_text (self->watermark, C_("watermark", "SAMPLE"), -1);
    }
}

static void
build_pieces (MfcPrintLayout *self)
{
  MfcPrintDocument *doc = self->doc;
  double label_width = self->content_width * LABEL_SHARE;
  double value_width = self->content_width - label_width - COLUMN_GAP;
  double item_width = self->content_width - MARK_WIDTH;

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      const MfcPrintBlock *block = &g_array_index (doc->blocks, MfcPrintBlock, i);
      Piece piece = { .block = block, .line = -1 };

      switch (block->kind)
        {
        case MFC_PRINT_BLOCK_HEADING:
          piece.main = new_text (self, block->text, SIZE_BODY + 0.5,
                                 PANGO_WEIGHT_BOLD, self->content_width);
          piece.space_before = 4.0 * MM;
          piece.height = text_height (piece.main) + 1.5 * MM;
          piece.keep_with_next = TRUE;
          add_piece (self, piece);
          break;

        case MFC_PRINT_BLOCK_ROW:
          piece.main = new_text (self, block->text, SIZE_BODY,
                                 PANGO_WEIGHT_NORMAL, label_width);
          piece.second = new_text (self, block->value, SIZE_BODY,
                                   PANGO_WEIGHT_BOLD, value_width);
          no_hyphens (piece.second);
          piece.space_before = 1.2 * MM;
          piece.height = MAX (text_height (piece.main), text_height (piece.second));
          add_piece (self, piece);
          break;

        case MFC_PRINT_BLOCK_ITEM:
          piece.main = new_text (self, block->text, SIZE_BODY,
                                 PANGO_WEIGHT_NORMAL, item_width);
          piece.second = new_text (self, mark_text (block->mark), SIZE_BODY,
                                   PANGO_WEIGHT_BOLD, MARK_WIDTH);
          piece.space_before = 0.8 * MM;
          piece.height = text_height (piece.main);
          add_piece (self, piece);
          break;

        case MFC_PRINT_BLOCK_SIGNATURE:
          piece.main = new_text (self, signer_label (block->signer), SIZE_BODY,
                                 PANGO_WEIGHT_NORMAL, -1);
          if (block->text != NULL)
            {
              piece.second = new_text (self, block->text, SIZE_BODY,
                                       PANGO_WEIGHT_NORMAL, NAME_LINE);
              pango_layout_set_alignment (piece.second, PANGO_ALIGN_CENTER);
              pango_layout_set_ellipsize (piece.second, PANGO_ELLIPSIZE_END);
            }
          piece.space_before = 9.0 * MM;
          piece.height = text_height (piece.main) + 0.8 * MM
                         + text_height (self->sign_caption);
          /* A signature never opens a page alone: it takes the last line
           * of what it signs along */
          if (self->pieces->len > 0)
            g_array_index (self->pieces, Piece, self->pieces->len - 1).keep_with_next = TRUE;
          add_piece (self, piece);
          break;

        case MFC_PRINT_BLOCK_NOTICE:
          piece.main = new_text (self, block->text, SIZE_BODY, PANGO_WEIGHT_BOLD,
                                 self->content_width - 2 * NOTICE_PADDING);
          piece.space_before = 3.0 * MM;
          piece.height = text_height (piece.main) + 2 * NOTICE_PADDING;
          add_piece (self, piece);
          break;

        case MFC_PRINT_BLOCK_PARAGRAPH:
          {
            PangoLayout *layout = new_text (self, block->text, SIZE_BODY,
                                            PANGO_WEIGHT_NORMAL,
                                            self->content_width);
            PangoLayoutIter *iter;
            int line = 0;

            iter = pango_layout_get_iter (layout);
            do
              {
                PangoRectangle logical;
                int top, bottom;

                pango_layout_iter_get_line_extents (iter, NULL, &logical);
                pango_layout_iter_get_line_yrange (iter, &top, &bottom);
                piece.main = g_object_ref (layout);
                piece.line = line++;
                piece.line_top = (double) top / PANGO_SCALE;
                piece.line_x = (double) logical.x / PANGO_SCALE;
                piece.baseline = (double) (pango_layout_iter_get_baseline (iter) - top) / PANGO_SCALE;
                piece.height = (double) (bottom - top) / PANGO_SCALE;
                piece.space_before = piece.line == 0 ? 2.0 * MM : 0;
                add_piece (self, piece);
              }
            while (pango_layout_iter_next_line (iter));
            pango_layout_iter_free (iter);
            g_object_unref (layout);
          }
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

static void
paginate (MfcPrintLayout *self)
{
  double bottom = self->height - MARGIN_BOTTOM - self->footer_height - 3.0 * MM;
  double top = self->first_top;
  double y = top;
  Page page = { 0, 0 };

  for (guint i = 0; i < self->pieces->len; i++)
    {
      Piece *piece = &g_array_index (self->pieces, Piece, i);
      double need = (page.n > 0 ? piece->space_before : 0) + piece->height;

      /* A run of pieces kept together moves to the next page as one
       * (a heading, or the last line and two signatures) */
      for (guint j = i; j + 1 < self->pieces->len &&
                        g_array_index (self->pieces, Piece, j).keep_with_next; j++)
        {
          Piece *next = &g_array_index (self->pieces, Piece, j + 1);
          need += next->space_before + next->height;
        }

      if (page.n > 0 && y + need > bottom)
        {
          g_array_append_val (self->pages, page);
          page = (Page) { i, 0 };
          top = self->other_top;
          y = top;
        }

      y += (page.n > 0 ? piece->space_before : 0) + piece->height;
      page.n++;
    }

  g_array_append_val (self->pages, page);
}

/* Drawing */

static void
draw_qr (MfcPrintLayout *self,
         cairo_t        *cr,
         double          x,
         double          y)
{
  QRcode *qr = self->qr;
  double module = QR_BOX / (qr->width + 2 * QR_QUIET_MODULES);
  double origin_x = x + QR_QUIET_MODULES * module;
  double origin_y = y + QR_QUIET_MODULES * module;

  /* The quiet zone is painted white: a watermark under it must not
   * touch the code. */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, x, y, QR_BOX, QR_BOX);
  cairo_fill (cr);

  /* One rectangle per run of dark modules in a row: crisp squares, no
   * hairline seams between neighbours when a viewer antialiases. */
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (int row = 0; row < qr->width; row++)
    {
      int col = 0;

      while (col < qr->width)
        {
          int start;

          if (!(qr->data[row * qr->width + col] & 1))
            {
              col++;
              continue;
            }
          start = col;
          while (col < qr->width && (qr->data[row * qr->width + col] & 1))
            col++;
          cairo_rectangle (cr, origin_x + start * module, origin_y + row * module,
                           (col - start) * module, module);
        }
    }
  cairo_fill (cr);

  if (self->qr_caption != NULL)
    show_at (cr, self->qr_caption, x, y + QR_BOX);
}

static void
draw_watermark (MfcPrintLayout *self,
                cairo_t        *cr)
{
  int w, h;
  double diagonal = hypot (self->width, self->height);
  double scale;

  pango_layout_get_size (self->watermark, &w, &h);
  scale = 0.7 * diagonal / ((double) w / PANGO_SCALE);

  cairo_save (cr);
  cairo_translate (cr, self->width / 2, self->height / 2);
  cairo_rotate (cr, -atan2 (self->height, self->width));
  cairo_scale (cr, scale, scale);
  cairo_set_source_rgb (cr, 0.86, 0.86, 0.86);
  show_at (cr, self->watermark, -(double) w / PANGO_SCALE / 2,
           -(double) h / PANGO_SCALE / 2);
  cairo_restore (cr);
}

static void
draw_first_page_top (MfcPrintLayout *self,
                     cairo_t        *cr)
{
  if (self->header_height > 0)
    {
      if (self->header != NULL)
        show_at (cr, self->header, MARGIN_LEFT, MARGIN_TOP);
      if (self->qr != NULL)
        draw_qr (self, cr, self->width - MARGIN_RIGHT - QR_BOX, MARGIN_TOP);

      cairo_set_line_width (cr, 0.6);
      cairo_move_to (cr, MARGIN_LEFT, self->rule_y);
      cairo_line_to (cr, self->width - MARGIN_RIGHT, self->rule_y);
      cairo_stroke (cr);
    }

  show_at (cr, self->title, MARGIN_LEFT, self->title_y);
  if (self->subtitle != NULL)
    show_at (cr, self->subtitle, MARGIN_LEFT, self->subtitle_y);
}

static void
draw_other_page_top (MfcPrintLayout *self,
                     cairo_t        *cr)
{
  double y = MARGIN_TOP + text_height (self->running) + 1.5 * MM;

  cairo_set_source_rgb (cr, GREY, GREY, GREY);
  show_at (cr, self->running, MARGIN_LEFT, MARGIN_TOP);
  cairo_set_line_width (cr, 0.4);
  cairo_move_to (cr, MARGIN_LEFT, y);
  cairo_line_to (cr, self->width - MARGIN_RIGHT, y);
  cairo_stroke (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
}

static void
draw_footer (MfcPrintLayout *self,
             cairo_t        *cr,
             guint           page)
{
  double y = self->height - MARGIN_BOTTOM - self->footer_height;

  cairo_set_source_rgb (cr, GREY, GREY, GREY);
  if (self->footer != NULL)
    {
      show_at (cr, self->footer, MARGIN_LEFT, y);
      y += text_height (self->footer) + 1.0 * MM;
    }

  /* A one-page paper does not number itself */
  if (self->pages->len > 1)
    {
      g_autofree char *text = g_strdup_printf (_("Page %u of %u"), page + 1,
                                               self->pages->len);

      pango_layout_set_text (self->page_number, text, -1);
      show_at (cr, self->page_number, MARGIN_LEFT, y);
    }
  cairo_set_source_rgb (cr, 0, 0, 0);
}

static void
draw_signature (MfcPrintLayout *self,
                cairo_t        *cr,
                const Piece    *piece,
                double          y)
{
  double label_height = text_height (piece->main);
  double line_y = y + label_height;
  double x_sign = self->width - MARGIN_RIGHT - NAME_LINE - 4.0 * MM - SIGN_LINE;
  double x_name = self->width - MARGIN_RIGHT - NAME_LINE;

  show_at (cr, piece->main, MARGIN_LEFT, y);

  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, x_sign, line_y);
  cairo_line_to (cr, x_sign + SIGN_LINE, line_y);
  cairo_move_to (cr, x_name, line_y);
  cairo_line_to (cr, x_name + NAME_LINE, line_y);
  cairo_stroke (cr);

  show_at (cr, self->slash, x_sign + SIGN_LINE + 1.4 * MM, y);
  if (piece->second != NULL)
    show_at (cr, piece->second, x_name, y);

  cairo_set_source_rgb (cr, GREY, GREY, GREY);
  show_at (cr, self->sign_caption, x_sign, line_y + 0.8 * MM);
  show_at (cr, self->name_caption, x_name, line_y + 0.8 * MM);
  cairo_set_source_rgb (cr, 0, 0, 0);
}

static void
draw_piece (MfcPrintLayout *self,
            cairo_t        *cr,
            const Piece    *piece,
            double          y)
{
  double label_width = self->content_width * LABEL_SHARE;

  switch (piece->block->kind)
    {
    case MFC_PRINT_BLOCK_HEADING:
      show_at (cr, piece->main, MARGIN_LEFT, y);
      break;

    case MFC_PRINT_BLOCK_ROW:
      show_at (cr, piece->main, MARGIN_LEFT, y);
      show_at (cr, piece->second, MARGIN_LEFT + label_width + COLUMN_GAP, y);
      break;

    case MFC_PRINT_BLOCK_ITEM:
      show_at (cr, piece->second, MARGIN_LEFT + 1.0 * MM, y);
      show_at (cr, piece->main, MARGIN_LEFT + MARK_WIDTH, y);
      break;

    case MFC_PRINT_BLOCK_SIGNATURE:
      draw_signature (self, cr, piece, y);
      break;

    case MFC_PRINT_BLOCK_NOTICE:
      cairo_rectangle (cr, MARGIN_LEFT, y, self->content_width, piece->height);
      cairo_set_line_width (cr, 0.8);
      cairo_stroke (cr);
      show_at (cr, piece->main, MARGIN_LEFT + NOTICE_PADDING, y + NOTICE_PADDING);
      break;

    case MFC_PRINT_BLOCK_PARAGRAPH:
      cairo_move_to (cr, MARGIN_LEFT + piece->line_x, y + piece->baseline);
      pango_cairo_show_layout_line (cr, pango_layout_get_line_readonly (piece->main, piece->line));
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Public API */

/**
 * mfc_print_layout_new:
 * @document: what to lay out
 * @page_width: the paper's width in points (%MFC_PRINT_A4_WIDTH)
 * @page_height: its height in points (%MFC_PRINT_A4_HEIGHT)
 *
 * Measures and paginates at once; drawing a page only places what was
 * measured.
 *
 * Returns: (transfer full): the layout; free with mfc_print_layout_free()
 */
MfcPrintLayout *
mfc_print_layout_new (MfcPrintDocument *document,
                      double            page_width,
                      double            page_height)
{
  MfcPrintLayout *self;
  cairo_font_options_t *options;

  g_return_val_if_fail (document != NULL, NULL);
  g_return_val_if_fail (page_width > 0 && page_height > 0, NULL);

  self = g_new0 (MfcPrintLayout, 1);
  self->doc = mfc_print_document_ref (document);
  self->width = page_width;
  self->height = page_height;
  /* Whatever paper the print dialog was given: on one narrower than A6
   * the text runs past the right margin rather than fail */
  self->content_width = MAX (page_width - MARGIN_LEFT - MARGIN_RIGHT, MIN_CONTENT_WIDTH);
  self->pieces = g_array_new (FALSE, TRUE, sizeof (Piece));
  g_array_set_clear_func (self->pieces, piece_clear);
  self->pages = g_array_new (FALSE, TRUE, sizeof (Page));

  /* Points, and metrics that do not depend on the device: what fits on
   * a line in the PDF fits on the printer's line too. */
  self->context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  pango_cairo_context_set_resolution (self->context, 72.0);
  pango_context_set_round_glyph_positions (self->context, FALSE);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (self->context, options);
  cairo_font_options_destroy (options);
  pango_context_set_language (self->context, pango_language_from_string ("ru"));

  build_header (self);
  build_title (self);
  build_page_furniture (self);
  build_pieces (self);
  paginate (self);

  return self;
}

void
mfc_print_layout_free (MfcPrintLayout *self)
{
  g_return_if_fail (self != NULL);

  g_clear_object (&self->header);
  g_clear_pointer (&self->qr, QRcode_free);
  g_clear_object (&self->qr_caption);
  g_clear_object (&self->title);
  g_clear_object (&self->subtitle);
  g_clear_object (&self->running);
  g_clear_object (&self->footer);
  g_clear_object (&self->page_number);
  g_clear_object (&self->watermark);
  g_clear_object (&self->sign_caption);
  g_clear_object (&self->slash);
  g_clear_object (&self->name_caption);
  g_array_unref (self->pieces);
  g_array_unref (self->pages);
  g_clear_object (&self->context);
  mfc_print_document_unref (self->doc);
  g_free (self);
}

/**
 * mfc_print_layout_get_n_pages:
 *
 * Returns: how many pages the document takes, at least 1
 */
guint
mfc_print_layout_get_n_pages (MfcPrintLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->pages->len;
}

/**
 * mfc_print_layout_draw_page:
 * @cr: a cairo context in points with the origin at the paper's corner
 * @page: 0 for the first page
 *
 * Draws the page onto @cr; the caller shows the page (cairo_show_page(),
 * or GtkPrintOperation does it).
 */
void
mfc_print_layout_draw_page (MfcPrintLayout *self,
                            cairo_t        *cr,
                            guint           page)
{
  const Page *p;
  double y;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (page < self->pages->len);

  p = &g_array_index (self->pages, Page, page);

  cairo_save (cr);
  if (self->watermark != NULL)
    draw_watermark (self, cr);
  cairo_set_source_rgb (cr, 0, 0, 0);

  if (page == 0)
    {
      draw_first_page_top (self, cr);
      y = self->first_top;
    }
  else
    {
      draw_other_page_top (self, cr);
      y = self->other_top;
    }

  for (guint i = p->first; i < p->first + p->n; i++)
    {
      const Piece *piece = &g_array_index (self->pieces, Piece, i);

      if (i > p->first)
        y += piece->space_before;
      draw_piece (self, cr, piece, y);
      y += piece->height;
    }

  draw_footer (self, cr, page);
  cairo_restore (cr);
}
