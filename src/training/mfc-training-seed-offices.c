/* mfc-training-seed-offices.c — the offices of «Учебная область»: one
 * main office per district of Новоучебск, a branch in each, one office per
 * district town (then numbered ones, for the large seed), and two offices
 * far away in time (Калининград UTC+2, Петропавловск-Камчатский UTC+12) so
 * the client's time-zone handling is exercised.  Hours with lunch breaks,
 * services and load are drawn from the seed's GRand, so the same seed gives
 * the same rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-training"

#include "config.h"

#include <gio/gio.h>

#include "mfc-training-region.h"
#include "mfc-training-seed-offices.h"

static const struct { const char *name; int offset_hours; } zones[MFC_TR_SEED_N_ZONES] = {
  [MFC_TR_SEED_ZONE_NOVOSIBIRSK] = { "Asia/Novosibirsk", 7 },
  [MFC_TR_SEED_ZONE_OMSK] = { "Asia/Omsk", 6 },
  [MFC_TR_SEED_ZONE_KALININGRAD] = { "Europe/Kaliningrad", 2 },
  [MFC_TR_SEED_ZONE_KAMCHATKA] = { "Asia/Kamchatka", 12 },
};

/* Genitive for the office's name, nominative for its district. */
static const struct { const char *genitive, *district; } city_districts[] = {
  { "Центрального", "Центральный район" },
  { "Ленинского", "Ленинский район" },
  { "Кировского", "Кировский район" },
  { "Октябрьского", "Октябрьский район" },
  { "Заельцовского", "Заельцовский район" },
  { "Калининского", "Калининский район" },
  { "Дзержинского", "Дзержинский район" },
  { "Железнодорожного", "Железнодорожный район" },
  { "Первомайского", "Первомайский район" },
  { "Советского", "Советский район" },
};

/* @west: west of 78° E, in the Omsk zone (as the seed always had it). */
static const struct { const char *town, *district; gboolean west; } towns[] = {
  { "Учебинск", "Учебинский район", FALSE },
  { "Бердоучинск", "Бердоучинский район", FALSE },
  { "Искитимск", "Искитимский район", TRUE },
  { "Обьград", "Обьградский район", FALSE },
  { "Колыванск", "Колыванский район", FALSE },
  { "Тогучинск", "Тогучинский район", TRUE },
  { "Карасукск", "Карасукский район", FALSE },
  { "Барабинск", "Барабинский район", TRUE },
  { "Куйбышевск", "Куйбышевский район", FALSE },
  { "Татарск", "Татарский район", FALSE },
  { "Купинск", "Купинский район", FALSE },
  { "Каргатск", "Каргатский район", TRUE },
  { "Черепаново", "Черепановский район", TRUE },
  { "Сузунск", "Сузунский район", FALSE },
  { "Маслянино", "Маслянинский район", TRUE },
  { "Ордынск", "Ордынский район", FALSE },
  { "Краснозёрск", "Краснозёрский район", FALSE },
  { "Кочки", "Кочковский район", TRUE },
  { "Чулым", "Чулымский район", FALSE },
  { "Болотное", "Болотнинский район", FALSE },
  { "Мошково", "Мошковский район", FALSE },
  { "Коченёво", "Коченёвский район", FALSE },
  { "Чаны", "Чановский район", FALSE },
  { "Здвинск", "Здвинский район", FALSE },
  { "Венгерово", "Венгеровский район", FALSE },
  { "Северное", "Северный район", FALSE },
  { "Убинск", "Убинский район", FALSE },
  { "Довольное", "Доволенский район", FALSE },
  { "Баган", "Баганский район", TRUE },
  { "Кыштовка", "Кыштовский район", TRUE },
};

static const char * const streets[] = {
  "ул. Ленина", "пр. Мира", "ул. Советская", "ул. Гагарина", "ул. Кирова", "Красный пр.",
  "ул. Октябрьская", "ул. Садовая", "ул. Школьная", "ул. Молодёжная", "ул. Лесная",
  "ул. Пушкина", "ул. Чехова", "ул. Горького", "ул. Строителей", "ул. Победы",
  "ул. Комсомольская", "ул. Набережная", "ул. Учебная", "ул. Зелёная",
};

/* The two offices far from the region's zone (real cities, real places). */
static const struct {
  const char *name, *address, *district, *phone;
  double lat, lon;
  MfcTrSeedZone zone;
} far_offices[] = {
  { "МФЦ «Мои документы» г. Калининград (учебный)", "г. Калининград, Ленинский пр., д. 30",
    "Калининградская область", "+74012000001", 54.7104, 20.5109, MFC_TR_SEED_ZONE_KALININGRAD },
  { "МФЦ «Мои документы» г. Петропавловск-Камчатский (учебный)",
    "г. Петропавловск-Камчатский, ул. Ленинская, д. 20", "Камчатский край", "+74152000001",
    53.0195, 158.6505, MFC_TR_SEED_ZONE_KAMCHATKA },
};

const char *
mfc_tr_seed_zone_name (int zone)
{
  g_return_val_if_fail (zone >= 0 && zone < MFC_TR_SEED_N_ZONES, NULL);

  return zones[zone].name;
}

int
mfc_tr_seed_zone_offset (int zone)
{
  g_return_val_if_fail (zone >= 0 && zone < MFC_TR_SEED_N_ZONES, 0);

  return zones[zone].offset_hours * 3600;
}

static int
pick (GRand *rand,
      int    n)
{
  return g_rand_int_range (rand, 0, n);
}

static gboolean
chance (GRand  *rand,
        double  p)
{
  return g_rand_double (rand) < p;
}

static gboolean
run (MfcTrainingStore  *store,
     sqlite3_stmt      *s,
     GError           **error)
{
  int rc = sqlite3_step (s);

  sqlite3_reset (s);
  sqlite3_clear_bindings (s);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, MFC_TRAINING_STORE_ERROR, MFC_TRAINING_STORE_ERROR_SQL,
                   "Seed offices: %s", sqlite3_errmsg (mfc_training_store_get_db (store)));
      return FALSE;
    }

  return TRUE;
}

static void
text (sqlite3_stmt *s,
      int           i,
      const char   *value)
{
  sqlite3_bind_text (s, i, value, -1, SQLITE_TRANSIENT);
}

typedef struct
{
  char          *name;
  char          *address;
  const char    *district;
  char          *phone;
  double         lat, lon;
  MfcTrSeedZone  zone;
} Place;

static void
place_clear (Place *place)
{
  g_clear_pointer (&place->name, g_free);
  g_clear_pointer (&place->address, g_free);
  g_clear_pointer (&place->phone, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Place, place_clear)

/* Where office @id stands and what it is called: on a street of its town
 * (in the city, of its district) of the region's map, never in water.
 * The last two ids are the far offices.  Draws the same random numbers
 * whatever the map holds, so the rest of the seed does not move. */
static gboolean
place_office (const MfcTrRegion  *region,
              GRand              *rand,
              int                 id,
              int                 n_offices,
              Place              *place,
              GError            **error)
{
  const int n_city = G_N_ELEMENTS (city_districts);
  int street_draw = pick (rand, G_N_ELEMENTS (streets));
  int far = id - (n_offices - (int) G_N_ELEMENTS (far_offices)) - 1;
  const char *town, *district = NULL, *street = NULL;
  int house;
  double d1, d2;

  place->zone = MFC_TR_SEED_ZONE_NOVOSIBIRSK;
  if (far >= 0)
    {
      /* The draws of the town office this one replaces. */
      pick (rand, 80);
      g_rand_double (rand);
      g_rand_double (rand);
      place->name = g_strdup (far_offices[far].name);
      place->address = g_strdup (far_offices[far].address);
      place->district = far_offices[far].district;
      place->phone = g_strdup (far_offices[far].phone);
      place->lat = far_offices[far].lat;
      place->lon = far_offices[far].lon;
      place->zone = far_offices[far].zone;
      return TRUE;
    }

  place->phone = g_strdup_printf ("+7383%07d", 2000000 + id);
  if (id <= 2 * n_city)
    {
      town = "Новоучебск";
      district = city_districts[(id - 1) % n_city].district;
      house = 1 + pick (rand, 120);
    }
  else
    {
      int t = (id - 1 - 2 * n_city) % G_N_ELEMENTS (towns);

      town = towns[t].town;
      place->district = towns[t].district;
      house = 1 + pick (rand, 80);
      if (towns[t].west)
        place->zone = MFC_TR_SEED_ZONE_OMSK;
    }
  d1 = g_rand_double (rand);
  d2 = g_rand_double (rand);
  if (!mfc_tr_region_place_on_street (region, town, district, (street_draw + d1) / G_N_ELEMENTS (streets), d2,
                                      &place->lon, &place->lat, &street))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The region's map has no street for %s in %s",
                   district != NULL ? district : "the town", town);
      return FALSE;
    }

  if (id <= n_city)
    {
      place->name = g_strdup_printf ("МФЦ «Мои документы» %s района", city_districts[id - 1].genitive);
      place->address = g_strdup_printf ("г. Новоучебск, %s, д. %d", street, house);
      place->district = district;
    }
  else if (id <= 2 * n_city)
    {
      place->name = g_strdup_printf ("МФЦ «Мои документы» %s района, филиал на %s",
                                     city_districts[id - 1 - n_city].genitive, street);
      place->address = g_strdup_printf ("г. Новоучебск, %s, д. %d", street, house);
      place->district = district;
    }
  else
    {
      int round = (id - 1 - 2 * n_city) / G_N_ELEMENTS (towns);

      if (round == 0)
        place->name = g_strdup_printf ("МФЦ «Мои документы» г. %s", town);
      else
        place->name = g_strdup_printf ("МФЦ № %d, г. %s", id, town);
      place->address = g_strdup_printf ("Учебная обл., г. %s, %s, д. %d", town, street, house);
    }

  return TRUE;
}

/**
 * mfc_tr_seed_offices:
 * @store: the training database, inside the seed's transaction
 * @rand: the seed's random numbers
 * @n_offices: how many offices (the last two are the far ones)
 * @n_services: services 1..n exist
 * @office_zone: (element-type int): gets one #MfcTrSeedZone per office
 * @error: return location for an error
 *
 * Inserts the offices with their hours and services.
 *
 * Returns: %TRUE on success
 */
gboolean
mfc_tr_seed_offices (MfcTrainingStore  *store,
                     GRand             *rand,
                     int                n_offices,
                     int                n_services,
                     GArray            *office_zone,
                     GError           **error)
{
  g_autoptr(sqlite3_stmt) off = NULL;
  g_autoptr(sqlite3_stmt) hours = NULL;
  g_autoptr(sqlite3_stmt) os = NULL;
  const MfcTrRegion *region;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (n_offices > (int) G_N_ELEMENTS (far_offices), FALSE);

  off = mfc_training_store_prepare (store,
                                    "INSERT INTO offices (id, name, name_lc, address, phone, lat, lon, timezone,"
                                    " windows_total, windows_open, booking_windows, waiting, average_wait_minutes,"
                                    " online_booking, district, search_lc, version)"
                                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                                    error);
  hours = mfc_training_store_prepare (store,
                                      "INSERT INTO office_hours (office_id, weekday, open_min, close_min,"
                                      " break_start_min, break_end_min) VALUES (?, ?, ?, ?, ?, ?)",
                                      error);
  os = mfc_training_store_prepare (store, "INSERT INTO office_services (office_id, service_id) VALUES (?, ?)",
                                   error);
  if (off == NULL || hours == NULL || os == NULL)
    return FALSE;
  if ((region = mfc_tr_region_get (error)) == NULL)
    return FALSE;

  for (int id = 1; id <= n_offices; id++)
    {
      g_auto(Place) place = { 0 };
      g_autofree char *lower = NULL;
      g_autofree char *search = NULL;
      g_autofree char *all = NULL;
      int total, open_min, close_min, waiting, windows_open, average_wait;
      gboolean lunch, saturday;
      int zone;

      if (!place_office (region, rand, id, n_offices, &place, error))
        return FALSE;
      zone = place.zone;
      g_array_append_val (office_zone, zone);

      lower = mfc_training_store_fold (place.name);
      all = g_strjoin (" ", place.name, place.address, place.district, NULL);
      search = mfc_training_store_fold (all);
      total = 3 + pick (rand, 10);
      windows_open = 1 + pick (rand, total);
      /* Average waits of 4 to 23 minutes: most offices within the
       * 15-minute standard, some over it. */
      waiting = pick (rand, 30);
      average_wait = 4 + pick (rand, 40) / 2;
      sqlite3_bind_int (off, 1, id);
      text (off, 2, place.name);
      text (off, 3, lower);
      text (off, 4, place.address);
      text (off, 5, place.phone);
      sqlite3_bind_double (off, 6, place.lat);
      sqlite3_bind_double (off, 7, place.lon);
      text (off, 8, zones[zone].name);
      sqlite3_bind_int (off, 9, total);
      sqlite3_bind_int (off, 10, windows_open);
      sqlite3_bind_int (off, 11, MAX (1, total / 3));
      sqlite3_bind_int (off, 12, waiting);
      sqlite3_bind_int (off, 13, average_wait);
      sqlite3_bind_int (off, 14, id == 1 || chance (rand, 0.85));
      text (off, 15, place.district);
      text (off, 16, search);
      if (!run (store, off, error))
        return FALSE;

      lunch = id == 1 || chance (rand, 0.6);
      saturday = id == 1 || chance (rand, 0.5);
      open_min = id == 1 || chance (rand, 0.5) ? 8 * 60 : 9 * 60;
      close_min = id == 1 || chance (rand, 0.5) ? 20 * 60 : 18 * 60;
      for (int wd = 1; wd <= 6; wd++)
        {
          if (wd == 6 && !saturday)
            continue;
          sqlite3_bind_int (hours, 1, id);
          sqlite3_bind_int (hours, 2, wd);
          sqlite3_bind_int (hours, 3, wd == 6 ? 10 * 60 : open_min);
          sqlite3_bind_int (hours, 4, wd == 6 ? 16 * 60 : close_min);
          if (lunch && wd != 6)
            {
              sqlite3_bind_int (hours, 5, 13 * 60);
              sqlite3_bind_int (hours, 6, 14 * 60);
            }
          if (!run (store, hours, error))
            return FALSE;
        }

      for (int s = 1; s <= n_services; s++)
        {
          if (id != 1 && !chance (rand, 0.75))
            continue;
          sqlite3_bind_int (os, 1, id);
          sqlite3_bind_int (os, 2, s);
          if (!run (store, os, error))
            return FALSE;
        }
    }

  return TRUE;
}
