/* mfc-training-seed.c — «Учебная область», the fictional region of the
 * training mode: the city of Новоучебск with its districts and the towns
 * around it, offices with hours and load, a service catalogue, applicants
 * whose СНИЛС and ИНН pass their checksums, tickets in every status with
 * plausible histories, and appointments for the coming month.
 *
 * Everything comes from a GRand with a fixed seed, relative to "now", in
 * one transaction with prepared statements (demo: well under 2 s).
 *
 * Training accounts (password "demo"; the one-time code is always 000000):
 *   clerk       оператор, office 1
 *   supervisor  руководитель, office 1
 *   trainer     преподаватель, no office
 *   clerk2fa    оператор, office 1, needs the one-time code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-training"

#include "config.h"

#include <string.h>

#include "mfc-training-calendar.h"
#include "mfc-training-password.h"
#include "mfc-training-seed.h"
#include "mfc-training-seed-offices.h"
#include "mfc-validators.h"

#define DAY (24 * 3600)

typedef struct
{
  MfcTrainingStore *store;
  GRand            *rand;
  gint64            now;
  GHashTable       *zones;
  GPtrArray        *stmts;
  int               n_offices;
  int               n_services;
  int               n_applicants;
  int               n_users;
  GArray           *office_staff;   /* gint64 user id per office × 2, index (office-1)*2 */
  GArray           *office_zone;    /* int: MfcTrSeedZone per office */
} Seed;

static GTimeZone *
seed_zone (Seed *seed,
           int   zone)
{
  const char *name = mfc_tr_seed_zone_name (zone);
  GTimeZone *tz = g_hash_table_lookup (seed->zones, name);

  if (tz == NULL)
    {
      tz = g_time_zone_new_identifier (name);
      if (tz == NULL)
        tz = g_time_zone_new_offset (mfc_tr_seed_zone_offset (zone));
      g_hash_table_insert (seed->zones, (gpointer) name, tz);
    }

  return tz;
}

static sqlite3_stmt *
stmt (Seed       *seed,
      const char *sql)
{
  sqlite3_stmt *s = mfc_training_store_prepare (seed->store, sql, NULL);

  g_assert (s != NULL);
  g_ptr_array_add (seed->stmts, s);

  return s;
}

static gboolean
run (Seed          *seed,
     sqlite3_stmt  *s,
     GError       **error)
{
  int rc = sqlite3_step (s);

  sqlite3_reset (s);
  sqlite3_clear_bindings (s);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      g_set_error (error, MFC_TRAINING_STORE_ERROR, MFC_TRAINING_STORE_ERROR_SQL,
                   "Seed: %s (%s)", sqlite3_errmsg (mfc_training_store_get_db (seed->store)),
                   sqlite3_sql (s));
      return FALSE;
    }

  return TRUE;
}

static int
pick (Seed *seed,
      int   n)
{
  return g_rand_int_range (seed->rand, 0, n);
}

static gboolean
chance (Seed  *seed,
        double p)
{
  return g_rand_double (seed->rand) < p;
}

static void
text (sqlite3_stmt *s,
      int           i,
      const char   *value)
{
  sqlite3_bind_text (s, i, value, -1, SQLITE_TRANSIENT);
}

/* The date of @t in @zone: from the zone's offset at @t, without a
 * GDateTime (a million tickets ask). */
static char *
local_date (Seed   *seed,
            gint64  t,
            int     zone)
{
  GTimeZone *tz = seed_zone (seed, zone);
  gint32 offset = g_time_zone_get_offset (tz, g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, t));
  gint64 local = t + offset;
  /* 1970-01-01 is GDate's Julian day 719163 */
  gint64 days = local >= 0 ? local / DAY : (local - DAY + 1) / DAY;

  return mfc_tr_format_date ((guint32) (719163 + days));
}

/* The catalogue */

static const struct { const char *id, *title; } categories[] = {
  { "passport", "Паспорт" },
  { "snils", "СНИЛС" },
  { "business", "Регистрация бизнеса" },
  { "taxes", "Налоги" },
  { "realty", "Недвижимость" },
  { "social", "Социальные выплаты" },
  { "family", "Семья и дети" },
  { "transport", "Транспорт" },
};

/* docs: "!" marks a mandatory item; items separated by "|" */
static const struct {
  const char *category, *title;
  int deadline, bookable, duration, buffer;
  const char *docs;
} services[] = {
  { "passport", "Замена паспорта гражданина РФ", 10, 1, 15, 5,
    "!Заявление о выдаче (замене) паспорта|!Две личные фотографии 35×45 мм|!Паспорт, подлежащий замене|Документ об уплате госпошлины" },
  { "passport", "Выдача паспорта гражданину, достигшему 14 лет", 10, 1, 20, 5,
    "!Заявление о выдаче паспорта|!Свидетельство о рождении|!Две личные фотографии 35×45 мм|Документ об уплате госпошлины" },
  { "passport", "Оформление заграничного паспорта", 22, 1, 20, 5,
    "!Заявление о выдаче заграничного паспорта|!Паспорт гражданина РФ|!Фотография|Военный билет (для мужчин 18–27 лет)|Документ об уплате госпошлины" },
  { "passport", "Регистрация по месту жительства", 3, 1, 15, 0,
    "!Заявление о регистрации по месту жительства|!Паспорт|!Документ — основание для вселения" },
  { "passport", "Регистрация по месту пребывания", 3, 1, 15, 0,
    "!Заявление о регистрации по месту пребывания|!Паспорт|Согласие собственника жилого помещения" },
  { "snils", "Регистрация в системе индивидуального учёта (получение СНИЛС)", 5, 1, 10, 0,
    "!Анкета застрахованного лица|!Паспорт или свидетельство о рождении" },
  { "snils", "Изменение анкетных данных в системе индивидуального учёта", 5, 0, 10, 0,
    "!Заявление об изменении анкетных данных|!Паспорт|!Документ, подтверждающий изменение данных" },
  { "snils", "Выписка из индивидуального лицевого счёта", 5, 0, 10, 0,
    "!Заявление|!Паспорт" },
  { "business", "Государственная регистрация индивидуального предпринимателя", 3, 1, 30, 10,
    "!Заявление по форме Р21001|!Паспорт|!ИНН|Документ об уплате госпошлины" },
  { "business", "Прекращение деятельности индивидуального предпринимателя", 5, 1, 20, 10,
    "!Заявление по форме Р26001|!Паспорт|Документ об уплате госпошлины" },
  { "business", "Государственная регистрация юридического лица", 3, 1, 30, 10,
    "!Заявление по форме Р11001|!Устав|!Решение о создании|Документ об уплате госпошлины" },
  { "business", "Выписка из ЕГРЮЛ/ЕГРИП", 5, 0, 10, 0,
    "!Запрос о предоставлении сведений|!Паспорт" },
  { "taxes", "Постановка на учёт физического лица (получение ИНН)", 5, 0, 10, 0,
    "!Заявление о постановке на учёт|!Паспорт" },
  { "taxes", "Приём налоговой декларации 3-НДФЛ", 10, 1, 20, 5,
    "!Декларация 3-НДФЛ|!Паспорт|Документы, подтверждающие расходы" },
  { "taxes", "Предоставление налоговой льготы по имущественным налогам", 30, 0, 15, 0,
    "!Заявление о предоставлении льготы|!Паспорт|!Документ, подтверждающий право на льготу" },
  { "taxes", "Справка об исполнении обязанности по уплате налогов", 10, 0, 10, 0,
    "!Запрос|!Паспорт" },
  { "realty", "Выписка из ЕГРН об объекте недвижимости", 3, 0, 10, 0,
    "!Запрос о предоставлении сведений|!Паспорт|Документ об оплате" },
  { "realty", "Государственная регистрация права собственности", 9, 1, 30, 10,
    "!Заявление о государственной регистрации|!Паспорт|!Правоустанавливающий документ|Документ об уплате госпошлины" },
  { "realty", "Постановка на кадастровый учёт", 7, 1, 30, 10,
    "!Заявление о кадастровом учёте|!Паспорт|!Технический план или межевой план" },
  { "realty", "Регистрация ипотеки", 7, 1, 30, 10,
    "!Заявление|!Паспорт|!Договор об ипотеке|!Закладная" },
  { "social", "Назначение ежемесячной денежной выплаты", 10, 1, 20, 5,
    "!Заявление о назначении выплаты|!Паспорт|!СНИЛС|Справка о составе семьи" },
  { "social", "Оформление субсидии на оплату жилого помещения и коммунальных услуг", 10, 1, 20, 5,
    "!Заявление|!Паспорт|!Документы о доходах за 6 месяцев|!Платёжные документы за ЖКУ" },
  { "social", "Выдача удостоверения ветерана труда", 30, 0, 15, 0,
    "!Заявление|!Паспорт|!Документ о награждении|!Трудовая книжка|!Фотография 3×4" },
  { "social", "Компенсация расходов на оплату ЖКУ отдельным категориям граждан", 10, 0, 15, 0,
    "!Заявление|!Паспорт|!Документ, подтверждающий право на компенсацию" },
  { "family", "Выдача сертификата на материнский (семейный) капитал", 5, 1, 20, 5,
    "!Заявление о выдаче сертификата|!Паспорт|!Свидетельства о рождении детей" },
  { "family", "Распоряжение средствами материнского капитала", 10, 1, 20, 5,
    "!Заявление о распоряжении|!Паспорт|!Сертификат|!Договор купли-продажи или кредитный договор" },
  { "family", "Назначение единого пособия на ребёнка", 10, 1, 20, 5,
    "!Заявление о назначении пособия|!Паспорт|!Свидетельство о рождении ребёнка|Сведения о доходах" },
  { "family", "Государственная регистрация рождения", 1, 0, 15, 0,
    "!Заявление о рождении|!Документ из медицинской организации|!Паспорта родителей|Свидетельство о браке" },
  { "family", "Постановка на учёт в детский сад", 7, 0, 15, 0,
    "!Заявление|!Паспорт родителя|!Свидетельство о рождении ребёнка|Документ о льготе" },
  { "transport", "Замена водительского удостоверения", 10, 1, 15, 5,
    "!Заявление|!Паспорт|!Водительское удостоверение|!Медицинское заключение|Документ об уплате госпошлины" },
  { "transport", "Выдача международного водительского удостоверения", 10, 1, 15, 5,
    "!Заявление|!Паспорт|!Водительское удостоверение|!Фотография 35×45 мм" },
  { "transport", "Выдача парковочного разрешения многодетной семье", 10, 0, 15, 0,
    "!Заявление|!Паспорт|!Удостоверение многодетной семьи|!Свидетельство о регистрации ТС" },
  { "transport", "Оформление социальной транспортной карты", 5, 0, 10, 0,
    "!Заявление|!Паспорт|!Документ о льготе|Фотография 3×4" },
};

static const char * const streets[] = {
  "ул. Ленина", "пр. Мира", "ул. Советская", "ул. Гагарина", "ул. Кирова", "Красный пр.",
  "ул. Октябрьская", "ул. Садовая", "ул. Школьная", "ул. Молодёжная", "ул. Лесная",
  "ул. Пушкина", "ул. Чехова", "ул. Горького", "ул. Строителей", "ул. Победы",
  "ул. Комсомольская", "ул. Набережная", "ул. Учебная", "ул. Зелёная",
};
static const char * const male_surnames[] = {
  "Иванов", "Петров", "Сидоров", "Смирнов", "Кузнецов", "Попов", "Васильев", "Соколов",
  "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов",
  "Егоров", "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров",
  "Никитин", "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев", "Романов",
};
static const char * const male_names[] = {
  "Александр", "Алексей", "Андрей", "Дмитрий", "Евгений", "Иван", "Игорь", "Михаил",
  "Николай", "Сергей", "Владимир", "Юрий", "Павел", "Олег", "Максим", "Артём",
};
static const char * const female_names[] = {
  "Анна", "Елена", "Мария", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана",
  "Екатерина", "Юлия", "Анастасия", "Марина", "Галина", "Людмила", "Дарья", "Ксения",
};
static const char * const father_names[] = {
  "Александр", "Алексе", "Андре", "Дмитри", "Евгень", "Иван", "Игор", "Михайл",
  "Никола", "Серге", "Владимир", "Юрь", "Павл", "Олег", "Максим", "Петр",
};

static char *
patronymic (int  father,
            gboolean female)
{
  const char *root = father_names[father];

  /* Roots ending in "е"/"и"/"ь"/"а" take -евич/-евна, others -ович/-овна. */
  if (g_str_has_suffix (root, "е") || g_str_has_suffix (root, "и") || g_str_has_suffix (root, "ь"))
    return g_strconcat (root, female ? "евна" : "евич", NULL);
  if (g_str_has_suffix (root, "а"))
    return g_strconcat (root, female ? "евна" : "евич", NULL);

  return g_strconcat (root, female ? "овна" : "ович", NULL);
}

static char *
person_name (Seed     *seed,
             char    **surname,
             char    **given,
             char    **middle)
{
  gboolean female = chance (seed, 0.55);
  const char *sur = male_surnames[pick (seed, G_N_ELEMENTS (male_surnames))];

  *surname = female ? g_strconcat (sur, "а", NULL) : g_strdup (sur);
  *given = g_strdup (female ? female_names[pick (seed, G_N_ELEMENTS (female_names))]
                            : male_names[pick (seed, G_N_ELEMENTS (male_names))]);
  *middle = patronymic (pick (seed, G_N_ELEMENTS (father_names)), female);

  return g_strdup_printf ("%s %s %s", *surname, *given, *middle);
}

static gboolean
seed_catalogue (Seed    *seed,
                GError **error)
{
  sqlite3_stmt *cat = stmt (seed, "INSERT INTO service_categories (id, title) VALUES (?, ?)");
  sqlite3_stmt *svc = stmt (seed, "INSERT INTO services (id, title, title_lc, category_id,"
                                  " deadline_working_days, bookable, duration_minutes, buffer_minutes, version)"
                                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)");
  sqlite3_stmt *doc = stmt (seed, "INSERT INTO service_documents (service_id, position, title, mandatory)"
                                  " VALUES (?, ?, ?, ?)");

  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    {
      text (cat, 1, categories[i].id);
      text (cat, 2, categories[i].title);
      if (!run (seed, cat, error))
        return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    {
      g_autofree char *lower = mfc_training_store_fold (services[i].title);
      g_auto(GStrv) docs = g_strsplit (services[i].docs, "|", -1);

      sqlite3_bind_int (svc, 1, i + 1);
      text (svc, 2, services[i].title);
      text (svc, 3, lower);
      text (svc, 4, services[i].category);
      sqlite3_bind_int (svc, 5, services[i].deadline);
      sqlite3_bind_int (svc, 6, services[i].bookable);
      sqlite3_bind_int (svc, 7, services[i].duration);
      sqlite3_bind_int (svc, 8, services[i].buffer);
      if (!run (seed, svc, error))
        return FALSE;

      for (guint k = 0; docs[k] != NULL; k++)
        {
          gboolean mandatory = docs[k][0] == '!';

          sqlite3_bind_int (doc, 1, i + 1);
          sqlite3_bind_int (doc, 2, k + 1);
          text (doc, 3, docs[k] + (mandatory ? 1 : 0));
          sqlite3_bind_int (doc, 4, mandatory);
          if (!run (seed, doc, error))
            return FALSE;
        }
    }
  seed->n_services = G_N_ELEMENTS (services);

  return TRUE;
}

static gboolean
seed_users (Seed     *seed,
            int       staff_offices,
            GError  **error)
{
  static const struct { const char *login, *name, *role; int office, otp; } accounts[] = {
    { "clerk", "Иванова Мария Петровна", "clerk", 1, 0 },
    { "supervisor", "Петров Алексей Сергеевич", "supervisor", 1, 0 },
    { "trainer", "Смирнова Ольга Николаевна", "trainer", 0, 0 },
    { "clerk2fa", "Соколов Евгений Викторович", "clerk", 1, 1 },
  };
  sqlite3_stmt *user = stmt (seed, "INSERT INTO users (id, login, full_name, search_lc, role, office_id,"
                                   " password_hash, otp_required) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  int id = 0;

  for (guint i = 0; i < G_N_ELEMENTS (accounts); i++)
    {
      g_autofree char *hash = mfc_tr_password_hash ("demo");
      g_autofree char *search = g_strdup_printf ("%s %s", accounts[i].name, accounts[i].login);
      g_autofree char *lower = mfc_training_store_fold (search);

      if (hash == NULL)
        {
          g_set_error (error, MFC_TRAINING_STORE_ERROR, MFC_TRAINING_STORE_ERROR_SQL,
                       "Seed: yescrypt is not available in libcrypt");
          return FALSE;
        }
      sqlite3_bind_int (user, 1, ++id);
      text (user, 2, accounts[i].login);
      text (user, 3, accounts[i].name);
      text (user, 4, lower);
      text (user, 5, accounts[i].role);
      if (accounts[i].office > 0)
        sqlite3_bind_int (user, 6, accounts[i].office);
      text (user, 7, hash);
      sqlite3_bind_int (user, 8, accounts[i].otp);
      if (!run (seed, user, error))
        return FALSE;
    }

  /* Two specialists per office: assignees and authors of the seeded
   * history.  "!" is no hash at all: they cannot log in. */
  for (int office = 1; office <= staff_offices; office++)
    for (int k = 0; k < 2; k++)
      {
        g_autofree char *surname = NULL, *given = NULL, *middle = NULL;
        g_autofree char *name = person_name (seed, &surname, &given, &middle);
        g_autofree char *login = g_strdup_printf ("staff%d.%d", office, k + 1);
        g_autofree char *search = g_strdup_printf ("%s %s", name, login);
        g_autofree char *lower = mfc_training_store_fold (search);
        gint64 uid = ++id;

        sqlite3_bind_int (user, 1, uid);
        text (user, 2, login);
        text (user, 3, name);
        text (user, 4, lower);
        text (user, 5, k == 1 && office % 5 == 1 ? "supervisor" : "clerk");
        sqlite3_bind_int (user, 6, office);
        text (user, 7, "!");
        sqlite3_bind_int (user, 8, 0);
        if (!run (seed, user, error))
          return FALSE;
        g_array_append_val (seed->office_staff, uid);
      }
  seed->n_users = id;

  return TRUE;
}

static gboolean
seed_applicants (Seed     *seed,
                 int       n,
                 GError  **error)
{
  sqlite3_stmt *ins = stmt (seed, "INSERT INTO applicants (id, surname, given_name, patronymic, full_name,"
                                  " full_name_lc, birth_date, snils, inn, passport_series, passport_number,"
                                  " passport_issued_by, passport_issue_date, passport_division_code, phone, email,"
                                  " address, consent_given, consent_given_at, consent_clerk_id, created_at,"
                                  " updated_at, version)"
                                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, 1)");

  for (int id = 1; id <= n; id++)
    {
      g_autofree char *surname = NULL, *given = NULL, *middle = NULL;
      g_autofree char *name = person_name (seed, &surname, &given, &middle);
      g_autofree char *lower = mfc_training_store_fold (name);
      g_autofree char *birth = NULL, *issue = NULL, *series = NULL, *number = NULL;
      g_autofree char *division = NULL, *phone = NULL, *address = NULL, *email = NULL;
      g_autofree char *inn = NULL;
      char snils[12], inn10[11];
      int year = 1950 + pick (seed, 56), check;
      gint64 created = seed->now - (gint64) pick (seed, 400) * DAY - pick (seed, DAY);

      /* Strictly increasing nine digits: unique, and above 001-001-998
       * where check numbers begin. */
      g_snprintf (snils, sizeof snils, "%09d", 112000000 + id * 1009 + pick (seed, 1000));
      check = mfc_snils_check_digits (snils);
      g_snprintf (snils + 9, 3, "%02d", check);
      g_snprintf (inn10, sizeof inn10, "54%08d", pick (seed, 100000000));
      inn = mfc_inn_complete (inn10);

      birth = g_strdup_printf ("%04d-%02d-%02d", year, 1 + pick (seed, 12), 1 + pick (seed, 28));
      issue = g_strdup_printf ("%04d-%02d-%02d", MIN (2025, year + 20 + pick (seed, 5)),
                               1 + pick (seed, 12), 1 + pick (seed, 28));
      series = g_strdup_printf ("50%02d", (year + 20) % 100);
      number = g_strdup_printf ("%06d", pick (seed, 1000000));
      division = g_strdup_printf ("540-%03d", 1 + pick (seed, 40));
      phone = g_strdup_printf ("+7913%07d", id * 37 % 10000000);
      address = g_strdup_printf ("Учебная обл., г. Новоучебск, %s, д. %d, кв. %d",
                                 streets[pick (seed, G_N_ELEMENTS (streets))], 1 + pick (seed, 150),
                                 1 + pick (seed, 300));
      if (chance (seed, 0.4))
        email = g_strdup_printf ("applicant%d@example.ru", id);

      sqlite3_bind_int (ins, 1, id);
      text (ins, 2, surname);
      text (ins, 3, given);
      text (ins, 4, middle);
      text (ins, 5, name);
      text (ins, 6, lower);
      text (ins, 7, birth);
      text (ins, 8, snils);
      text (ins, 9, chance (seed, 0.85) ? inn : NULL);
      text (ins, 10, series);
      text (ins, 11, number);
      text (ins, 12, "ГУ МВД России по Учебной области");
      text (ins, 13, issue);
      text (ins, 14, division);
      text (ins, 15, phone);
      text (ins, 16, email);
      text (ins, 17, address);
      sqlite3_bind_int64 (ins, 18, created);
      sqlite3_bind_int (ins, 19, 1);
      sqlite3_bind_int64 (ins, 20, created);
      sqlite3_bind_int64 (ins, 21, created);
      if (!run (seed, ins, error))
        return FALSE;
    }
  seed->n_applicants = n;

  return TRUE;
}

static gint64
staff_of (Seed *seed,
          int   office)
{
  guint index = (office - 1) * 2 + pick (seed, 2);

  if (office == 1 && chance (seed, 0.5))
    return 1;   /* the "clerk" account has work of its own */
  if (index < seed->office_staff->len)
    return g_array_index (seed->office_staff, gint64, index);

  return 1 + pick (seed, 4);
}

static const char * const comment_texts[] = {
  "Заявитель просит сообщить о готовности по телефону",
  "Документы проверены, замечаний нет",
  "Направлен межведомственный запрос",
  "Заявитель сообщил, что принесёт справку на следующей неделе",
  "Ответ на межведомственный запрос получен",
  "Требуется уточнить адрес регистрации",
};
static const char * const reject_reasons[] = {
  "Не представлен документ, удостоверяющий личность",
  "Представлены недостоверные сведения",
  "Истёк срок действия представленных документов",
  "Услуга не оказывается по указанному основанию",
};
static const char * const complaint_texts[] = {
  "Долгое ожидание в очереди, более двух часов",
  "Не работал терминал электронной очереди",
  "Просьба продлить часы работы по субботам",
  "Сотрудник вежливо и быстро помог оформить документы",
  "Запрос сведений о ходе рассмотрения заявления",
};

typedef struct
{
  const char *from, *to, *comment, *reason;
  gint64      at, by;
} HistoryRow;

static gboolean
seed_tickets (Seed    *seed,
              int      n,
              int      span_days,
              gboolean with_extras,
              GError **error)
{
  static const char * const types[] = { "application", "request", "complaint", "suggestion" };
  /* The numbers' sequences by year, counted here and stored at the end
   * (an upsert with RETURNING per ticket costs a temporary table each). */
  g_autoptr(GHashTable) last_numbers = g_hash_table_new (g_direct_hash, g_direct_equal);
  /* The status chips' counters, counted here too (a GROUP BY of the
   * million rows afterwards costs seconds): "type\x1fstatus" and
   * "office\x1ftype\x1fstatus" → n.  Channel and priority keep their
   * defaults in the seed. */
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) office_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *count = stmt (seed, "INSERT INTO ticket_counts (type, status, channel, priority, n)"
                                    " VALUES (?, ?, 'in_person', 'normal', ?)");
  sqlite3_stmt *office_count = stmt (seed, "INSERT INTO ticket_office_counts (office_id, type, status, n)"
                                           " VALUES (?, ?, ?, ?)");
  sqlite3_stmt *number = stmt (seed, "INSERT INTO ticket_numbers (year, last) VALUES (?, ?)"
                                     " ON CONFLICT (year) DO UPDATE SET last = excluded.last");
  sqlite3_stmt *ins = stmt (seed, "INSERT INTO tickets (id, number, type, status, applicant_id, service_id,"
                                  " office_id, assignee_id, description, search_lc, created_at, created_date,"
                                  " updated_at, due_date, paused_on, version)"
                                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  sqlite3_stmt *hist = stmt (seed, "INSERT INTO ticket_history (ticket_id, from_status, to_status, at, user_id,"
                                   " comment, reason) VALUES (?, ?, ?, ?, ?, ?, ?)");
  sqlite3_stmt *com = stmt (seed, "INSERT INTO ticket_comments (ticket_id, kind, author_id, at, text)"
                                  " VALUES (?, ?, ?, ?, ?)");
  sqlite3_stmt *deadline = stmt (seed, "SELECT deadline_working_days FROM services WHERE id = ?");
  gint64 span = (gint64) span_days * DAY;
  int deadlines[64] = { 0 };

  for (int s = 1; s <= seed->n_services && s < 64; s++)
    {
      sqlite3_bind_int (deadline, 1, s);
      if (sqlite3_step (deadline) == SQLITE_ROW)
        deadlines[s] = sqlite3_column_int (deadline, 0);
      sqlite3_reset (deadline);
    }

  for (int id = 1; id <= n; id++)
    {
      const char *path[6];
      HistoryRow history[6];
      int n_comments;
      const char *type = types[chance (seed, 0.75) ? 0 : 1 + pick (seed, 3)];
      int office = chance (seed, 0.2) ? 1 : 1 + pick (seed, seed->n_offices);
      int zone = g_array_index (seed->office_zone, int, office - 1);
      int service = 0, steps = 0, days;
      int applicant = 1 + pick (seed, seed->n_applicants);
      gint64 created = seed->now - span + (span * id) / (n + 1) + pick (seed, 3600);
      gint64 at = created, assignee = 0, version = 1;
      double age = (double) (seed->now - created) / span;
      g_autofree char *created_date = NULL, *due = NULL, *paused_on = NULL, *num = NULL;
      g_autofree char *search = NULL;
      const char *description = NULL;
      guint32 j = 0;
      int roll = pick (seed, 100);

      if (created > seed->now - 600)
        created = at = seed->now - 600;

      if (g_str_equal (type, "application") || (g_str_equal (type, "request") && chance (seed, 0.5)))
        service = 1 + pick (seed, seed->n_services);
      if (!g_str_equal (type, "application"))
        description = complaint_texts[pick (seed, G_N_ELEMENTS (complaint_texts))];

      /* Older tickets are mostly finished. */
      path[steps++] = "accepted";
      if (age > 0.25 ? roll < 85 : roll < 15)
        {
          path[steps++] = "in_progress";
          if (chance (seed, 0.4))
            path[steps++] = "in_approval";
          path[steps++] = chance (seed, 0.8) ? "approved" : "rejected";
        }
      else if (roll < 35)
        ;
      else if (roll < 60)
        path[steps++] = "in_progress";
      else if (roll < 80)
        {
          path[steps++] = "in_progress";
          path[steps++] = "in_approval";
        }
      else
        {
          path[steps++] = "in_progress";
          path[steps++] = "awaiting_documents";
        }

      created_date = local_date (seed, created, zone);
      mfc_tr_parse_date (created_date, &j);
      days = service > 0 && service < 64 ? deadlines[service]
             : g_str_equal (type, "complaint") ? 15 : g_str_equal (type, "suggestion") ? 30 : 10;
      due = mfc_tr_format_date (mfc_tr_add_working_days (j, days));

      {
        int year = atoi (created_date);
        int last = GPOINTER_TO_INT (g_hash_table_lookup (last_numbers, GINT_TO_POINTER (year))) + 1;

        g_hash_table_insert (last_numbers, GINT_TO_POINTER (year), GINT_TO_POINTER (last));
        num = g_strdup_printf ("MFC-%.4s-%06d", created_date, last);
      }

      search = mfc_training_store_ticket_search (num, description);

      if (steps > 1 || chance (seed, 0.3))
        assignee = staff_of (seed, office);

      /* History: each move some hours after the previous, never in the
       * future.  Collected first: the ticket row goes in before its
       * history, so foreign keys are checked at once and cheaply. */
      for (int k = 0; k < steps; k++)
        {
          HistoryRow *h = &history[k];

          if (k > 0)
            {
              gint64 room = seed->now - at - 60;
              gint64 step = (gint64) (1 + pick (seed, 72)) * 3600;

              if (room <= 0)
                {
                  steps = k;
                  break;
                }
              at += MIN (step, room / (steps - k + 1));
              version++;
            }
          h->from = k > 0 ? path[k - 1] : NULL;
          h->to = path[k];
          h->at = at;
          h->by = k == 0 ? (office == 1 ? 1 : staff_of (seed, office)) : (assignee ? assignee : 1);
          h->comment = k == 1 ? "Принято в работу" : NULL;
          h->reason = g_str_equal (path[k], "rejected")
                      ? reject_reasons[pick (seed, G_N_ELEMENTS (reject_reasons))] : NULL;
          if (g_str_equal (path[k], "awaiting_documents"))
            {
              g_free (paused_on);
              paused_on = local_date (seed, at, zone);
            }
        }
      if (g_strcmp0 (path[steps - 1], "awaiting_documents") != 0)
        g_clear_pointer (&paused_on, g_free);

      n_comments = with_extras && chance (seed, 0.3) ? 1 + pick (seed, 2) : 0;
      version += n_comments;

      sqlite3_bind_int (ins, 1, id);
      text (ins, 2, num);
      text (ins, 3, type);
      text (ins, 4, path[steps - 1]);
      sqlite3_bind_int (ins, 5, applicant);
      if (service > 0)
        sqlite3_bind_int (ins, 6, service);
      sqlite3_bind_int (ins, 7, office);
      if (assignee > 0)
        sqlite3_bind_int64 (ins, 8, assignee);
      text (ins, 9, description);
      text (ins, 10, search);
      sqlite3_bind_int64 (ins, 11, created);
      text (ins, 12, created_date);
      sqlite3_bind_int64 (ins, 13, at);
      text (ins, 14, due);
      text (ins, 15, paused_on);
      sqlite3_bind_int64 (ins, 16, version);
      if (!run (seed, ins, error))
        return FALSE;
      {
        char *key = g_strdup_printf ("%s\x1f%s", type, path[steps - 1]);
        char *office_key = g_strdup_printf ("%d\x1f%s", office, key);

        g_hash_table_insert (counts, key, GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (counts, key)) + 1));
        g_hash_table_insert (office_counts, office_key,
                             GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (office_counts, office_key)) + 1));
      }

      for (int k = 0; k < steps; k++)
        {
          sqlite3_bind_int (hist, 1, id);
          text (hist, 2, history[k].from);
          text (hist, 3, history[k].to);
          sqlite3_bind_int64 (hist, 4, history[k].at);
          sqlite3_bind_int64 (hist, 5, history[k].by);
          text (hist, 6, history[k].comment);
          text (hist, 7, history[k].reason);
          if (!run (seed, hist, error))
            return FALSE;
        }

      for (int k = 0; k < n_comments; k++)
        {
          gint64 when = created + (seed->now - created) * (k + 1) / (n_comments + 2);

          sqlite3_bind_int (com, 1, id);
          text (com, 2, k == 1 && chance (seed, 0.2) ? "escalation" : "comment");
          sqlite3_bind_int64 (com, 3, assignee ? assignee : 1);
          sqlite3_bind_int64 (com, 4, when);
          text (com, 5, comment_texts[pick (seed, G_N_ELEMENTS (comment_texts))]);
          if (!run (seed, com, error))
            return FALSE;
        }
    }

  {
    GHashTableIter iter;
    gpointer year, last;

    g_hash_table_iter_init (&iter, last_numbers);
    while (g_hash_table_iter_next (&iter, &year, &last))
      {
        sqlite3_bind_int (number, 1, GPOINTER_TO_INT (year));
        sqlite3_bind_int (number, 2, GPOINTER_TO_INT (last));
        if (!run (seed, number, error))
          return FALSE;
      }
  }

  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, counts);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        g_auto(GStrv) parts = g_strsplit (key, "\x1f", 2);

        text (count, 1, parts[0]);
        text (count, 2, parts[1]);
        sqlite3_bind_int (count, 3, GPOINTER_TO_INT (value));
        if (!run (seed, count, error))
          return FALSE;
      }
    g_hash_table_iter_init (&iter, office_counts);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        g_auto(GStrv) parts = g_strsplit (key, "\x1f", 3);

        sqlite3_bind_int (office_count, 1, atoi (parts[0]));
        text (office_count, 2, parts[1]);
        text (office_count, 3, parts[2]);
        sqlite3_bind_int (office_count, 4, GPOINTER_TO_INT (value));
        if (!run (seed, office_count, error))
          return FALSE;
      }
  }

  return TRUE;
}

/* A few small sample files, attached to recent tickets. */
static gboolean
seed_documents (Seed    *seed,
                int      n_tickets,
                GError **error)
{
  sqlite3_stmt *doc = stmt (seed, "INSERT INTO documents (id, filename, title, content_type, size, sha256,"
                                  " content, uploaded_at, uploaded_by, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)");
  sqlite3_stmt *td = stmt (seed, "INSERT INTO ticket_documents (ticket_id, document_id, position) VALUES (?, ?, 1)");
  sqlite3_stmt *when = stmt (seed, "SELECT created_at FROM tickets WHERE id = ?");

  for (int id = 1; id <= 40 && id <= n_tickets; id++)
    {
      int ticket = n_tickets - id * 7;
      g_autofree char *content = g_strdup_printf ("%%PDF-1.4\n%% ОБРАЗЕЦ: учебный документ %d\n"
                                                  "1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n",
                                                  id);
      gsize len = strlen (content);
      g_autofree char *sha = mfc_tr_sha256_hex ((const guint8 *) content, len);
      g_autofree char *filename = g_strdup_printf ("заявление-%d.pdf", id);
      gint64 at = seed->now - DAY;

      if (ticket < 1)
        break;
      sqlite3_bind_int (when, 1, ticket);
      if (sqlite3_step (when) == SQLITE_ROW)
        at = sqlite3_column_int64 (when, 0) - 120;
      sqlite3_reset (when);

      sqlite3_bind_int (doc, 1, id);
      text (doc, 2, filename);
      text (doc, 3, "Заявление (образец)");
      text (doc, 4, "application/pdf");
      sqlite3_bind_int64 (doc, 5, len);
      text (doc, 6, sha);
      sqlite3_bind_blob (doc, 7, content, len, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (doc, 8, at);
      sqlite3_bind_int (doc, 9, 1);
      if (!run (seed, doc, error))
        return FALSE;

      sqlite3_bind_int (td, 1, ticket);
      sqlite3_bind_int (td, 2, id);
      if (!run (seed, td, error))
        return FALSE;
    }

  return TRUE;
}

/* Appointments at real slot starts (the rule of mfc-training-booking.c:
 * open + k × (duration + buffer), skipping the break) for the next 30
 * days, plus some past ones and some cancelled. */
static gboolean
seed_appointments (Seed    *seed,
                   int      n_offices,
                   GError **error)
{
  sqlite3_stmt *hours = stmt (seed, "SELECT open_min, close_min, break_start_min, break_end_min"
                                    " FROM office_hours WHERE office_id = ? AND weekday = ?");
  sqlite3_stmt *svc = stmt (seed, "SELECT s.id, s.duration_minutes, s.buffer_minutes,"
                                  " s.category_id != 'passport' FROM services s"
                                  " JOIN office_services os ON os.service_id = s.id AND os.office_id = ?"
                                  " WHERE s.bookable = 1 ORDER BY s.id");
  sqlite3_stmt *ins = stmt (seed, "INSERT INTO appointments (talon_code, status, office_id, service_id,"
                                  " applicant_id, start_at, end_at, created_at, created_by, updated_at,"
                                  " cancelled_at, cancelled_by, cancel_reason, version)"
                                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (int office = 1; office <= n_offices; office++)
    {
      int zone = g_array_index (seed->office_zone, int, office - 1);
      GTimeZone *tz = seed_zone (seed, zone);
      g_autoptr(GArray) bookable = g_array_new (FALSE, FALSE, sizeof (int) * 4);

      sqlite3_bind_int (svc, 1, office);
      while (sqlite3_step (svc) == SQLITE_ROW)
        {
          int row[4] = { sqlite3_column_int (svc, 0), sqlite3_column_int (svc, 1), sqlite3_column_int (svc, 2),
                         sqlite3_column_int (svc, 3) };
          g_array_append_vals (bookable, row, 1);
        }
      sqlite3_reset (svc);
      if (bookable->len == 0)
        continue;

      for (int d = -3; d <= 30; d++)
        {
          g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (seed->now + (gint64) d * DAY);
          g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
          int wd = g_date_time_get_day_of_week (local);
          int open, close, bs = -1, be = -1, wanted, counter = 0;
          int *row = (int *) (void *) (bookable->data + (sizeof (int) * 4) * pick (seed, bookable->len));
          int m;

          sqlite3_bind_int (hours, 1, office);
          sqlite3_bind_int (hours, 2, wd);
          if (sqlite3_step (hours) != SQLITE_ROW)
            {
              sqlite3_reset (hours);
              continue;
            }
          open = sqlite3_column_int (hours, 0);
          close = sqlite3_column_int (hours, 1);
          if (sqlite3_column_type (hours, 2) != SQLITE_NULL)
            {
              bs = sqlite3_column_int (hours, 2);
              be = sqlite3_column_int (hours, 3);
            }
          sqlite3_reset (hours);

          /* Fuller near today, emptier later. */
          wanted = office == 1 ? 8 - MIN (6, MAX (0, d) / 5) : 2 + pick (seed, 3);
          for (m = open; m + row[1] <= close && wanted > 0; )
            {
              g_autoptr(GDateTime) start = NULL;
              g_autofree char *talon = NULL;
              gint64 s, created;
              const char *status = "booked";

              if (bs >= 0 && m < be && m + row[1] > bs)
                {
                  m = be;
                  continue;
                }
              start = g_date_time_new (tz, g_date_time_get_year (local), g_date_time_get_month (local),
                                       g_date_time_get_day_of_month (local), m / 60, m % 60, 0);
              s = g_date_time_to_unix (start);
              m += row[1] + row[2];
              if (!chance (seed, 0.35))
                continue;
              wanted--;
              created = MIN (seed->now - 3600, s - DAY * (1 + pick (seed, 10)));
              if (s < seed->now)
                status = chance (seed, 0.3) ? "no_show" : "booked";
              else if (chance (seed, 0.1))
                status = "cancelled";

              talon = g_strdup_printf ("%s-%03d", row[3] == 0 ? "П" : "У", ++counter);
              text (ins, 1, talon);
              text (ins, 2, status);
              sqlite3_bind_int (ins, 3, office);
              sqlite3_bind_int (ins, 4, row[0]);
              sqlite3_bind_int (ins, 5, 1 + pick (seed, seed->n_applicants));
              sqlite3_bind_int64 (ins, 6, s);
              sqlite3_bind_int64 (ins, 7, s + row[1] * 60);
              sqlite3_bind_int64 (ins, 8, created);
              sqlite3_bind_int (ins, 9, office == 1 ? 1 : 1 + pick (seed, 4));
              sqlite3_bind_int64 (ins, 10, created);
              if (g_str_equal (status, "cancelled"))
                {
                  sqlite3_bind_int64 (ins, 11, created + 600);
                  sqlite3_bind_int (ins, 12, 1);
                  text (ins, 13, "По просьбе заявителя");
                }
              sqlite3_bind_int (ins, 14, g_str_equal (status, "booked") ? 1 : 2);
              if (!run (seed, ins, error))
                return FALSE;
            }
        }
    }

  return TRUE;
}

/* Open tickets (not paused) already past their due date when the data
 * begins were escalated by the server back then: to their office's
 * supervisor (the region's first without one), the day after the due
 * date, with the history entry of mfc_tr_escalate_overdue(). */
static gboolean
seed_escalations (Seed    *seed,
                  GError **error)
{
  g_autofree char *today = local_date (seed, seed->now, 0);
  g_autofree char *sql = NULL;

  sql = g_strdup_printf ("CREATE TEMP TABLE seed_supervisors AS"
                         " SELECT o.id AS office_id, coalesce((SELECT MIN(u.id) FROM users u"
                         "   WHERE u.role = 'supervisor' AND u.office_id = o.id),"
                         "  (SELECT MIN(id) FROM users WHERE role = 'supervisor')) AS user_id"
                         " FROM offices o;"
                         "CREATE TEMP TABLE seed_escalated AS"
                         " SELECT t.id AS ticket_id, t.status AS status, s.user_id AS user_id,"
                         "  MIN(%" G_GINT64_FORMAT ", CAST(strftime('%%s', t.due_date) AS INTEGER) + 27 * 3600) AS at"
                         " FROM tickets t JOIN seed_supervisors s ON s.office_id = t.office_id"
                         " WHERE t.status IN ('accepted', 'in_progress', 'in_approval') AND t.due_date < '%s';"
                         "UPDATE tickets SET escalated_at = e.at, assignee_id = e.user_id, version = version + 1,"
                         " updated_at = MAX(updated_at, e.at)"
                         " FROM seed_escalated e WHERE e.ticket_id = tickets.id;"
                         "INSERT INTO ticket_history (ticket_id, from_status, to_status, at, user_id, comment, kind)"
                         " SELECT ticket_id, status, status, at, user_id, 'Срок истёк — передано руководителю',"
                         " 'escalation' FROM seed_escalated ORDER BY ticket_id;"
                         "DROP TABLE seed_escalated;"
                         "DROP TABLE seed_supervisors;",
                         seed->now, today);

  return mfc_training_store_exec (seed->store, sql, error);
}

static gboolean
drop_indexes (Seed       *seed,
              GPtrArray  *indexes,
              GError    **error)
{
  sqlite3_stmt *list = stmt (seed, "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                                   " AND sql IS NOT NULL");
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  while (sqlite3_step (list) == SQLITE_ROW)
    {
      g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (list, 0)));
      g_ptr_array_add (indexes, g_strdup ((const char *) sqlite3_column_text (list, 1)));
    }
  sqlite3_reset (list);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("DROP INDEX \"%s\"", (const char *) names->pdata[i]);

      if (!mfc_training_store_exec (seed->store, sql, error))
        return FALSE;
    }

  return TRUE;
}

/* Every trigger goes during the bulk load (the search indexes and the
 * counters are filled in one statement each afterwards). */
static gboolean
drop_triggers (Seed    *seed,
               GError **error)
{
  sqlite3_stmt *list = stmt (seed, "SELECT name FROM sqlite_master WHERE type = 'trigger'");
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  while (sqlite3_step (list) == SQLITE_ROW)
    g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (list, 0)));
  sqlite3_reset (list);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("DROP TRIGGER \"%s\"", (const char *) names->pdata[i]);

      if (!mfc_training_store_exec (seed->store, sql, error))
        return FALSE;
    }

  return TRUE;
}

/* The seed's page cache for the rows, in KiB (as PRAGMA cache_size
 * takes it, negative) */
#define SEED_CACHE_SIZE "-262144"

/* SQLite's sorter holds an index's entries in memory up to the page
 * cache's size and sorts them there on one thread; with a small cache it
 * sorts runs of them on the sorter threads (PRAGMA threads) into
 * temporary files (temp_store FILE: set for the whole seed, as SQLite
 * does not change it within a transaction) and merges those.  Measured
 * on the large seed: four of the biggest indexes in 2.7–3.1 s against
 * 4.9–5.0 s with the seed's 256 MiB cache, and slower again with the
 * runs in memory. */
static gboolean
create_indexes (Seed       *seed,
                GPtrArray  *indexes,
                GError    **error)
{
  gboolean ok = mfc_training_store_exec (seed->store, "PRAGMA cache_size = -4096", error);

  for (guint i = 0; ok && i < indexes->len; i++)
    ok = mfc_training_store_exec (seed->store, indexes->pdata[i], error);
  mfc_training_store_exec (seed->store, "PRAGMA cache_size = " SEED_CACHE_SIZE, NULL);

  return ok;
}

static gboolean
seed_all (MfcTrainingStore  *store,
          gint64             now,
          guint32            rand_seed,
          int                n_offices,
          int                n_applicants,
          int                n_tickets,
          gboolean           large,
          GError           **error)
{
  Seed seed = { 0 };
  g_autoptr(GPtrArray) indexes = g_ptr_array_new_with_free_func (g_free);
  gint64 phase_started;
  gboolean ok;

  g_return_val_if_fail (store != NULL, FALSE);

  seed.store = store;
  seed.rand = g_rand_new_with_seed (rand_seed);
  seed.now = now;
  seed.zones = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_time_zone_unref);
  seed.stmts = g_ptr_array_new_with_free_func ((GDestroyNotify) sqlite3_finalize);
  seed.office_staff = g_array_new (FALSE, FALSE, sizeof (gint64));
  seed.office_zone = g_array_new (FALSE, FALSE, sizeof (int));
  seed.n_offices = n_offices;

  /* Secondary indexes are dropped and rebuilt after the rows: one sorted
   * build is much cheaper than a million random inserts into each.  Every
   * parent row goes in before its children, so no foreign-key check has
   * to search a child table. */
#define PHASE(call) (phase_started = g_get_monotonic_time (), ok = (call), \
                     g_debug ("Seed: %s %.2f s", #call, (g_get_monotonic_time () - phase_started) / 1e6), ok)
  /* The rows are built consistent: checking every foreign key of four
   * million inserts costs more than the inserts, and so does every CHECK
   * of a column against a list (SQLite builds a table of the list for
   * each insert); both on again below.  Two sorter threads build the
   * indexes (see create_indexes()). */
  ok = PHASE (mfc_training_store_exec (store, "PRAGMA cache_size = " SEED_CACHE_SIZE "; PRAGMA foreign_keys = OFF;"
                                       " PRAGMA ignore_check_constraints = ON; PRAGMA threads = 2;"
                                       " PRAGMA temp_store = FILE", error)) &&
       PHASE (mfc_training_store_begin (store, error)) &&
       PHASE (drop_triggers (&seed, error)) &&
       PHASE (drop_indexes (&seed, indexes, error)) &&
       PHASE (mfc_training_store_delete_rows (store, error)) &&
       PHASE (seed_catalogue (&seed, error)) &&
       PHASE (mfc_tr_seed_offices (store, seed.rand, n_offices, seed.n_services, seed.office_zone, error)) &&
       PHASE (seed_users (&seed, large ? 200 : n_offices, error)) &&
       PHASE (seed_applicants (&seed, n_applicants, error)) &&
       PHASE (seed_tickets (&seed, n_tickets, large ? 730 : 120, TRUE, error)) &&
       PHASE (seed_documents (&seed, n_tickets, error)) &&
       PHASE (seed_appointments (&seed, large ? 200 : n_offices, error)) &&
       PHASE (seed_escalations (&seed, error)) &&
       PHASE (create_indexes (&seed, indexes, error)) &&
       PHASE (mfc_training_store_exec (store,
                                       "INSERT INTO tickets_search (rowid, search_lc) SELECT id, search_lc FROM tickets;"
                                       MFC_TRAINING_TICKETS_SEARCH_TRIGGER, error)) &&
       PHASE (mfc_training_store_exec (store,
                                       "INSERT INTO applicants_search (applicants_search) VALUES ('rebuild');"
                                       MFC_TRAINING_APPLICANTS_SEARCH_TRIGGERS, error)) &&
       PHASE (mfc_training_store_exec (store,
                                       MFC_TRAINING_TICKET_COUNTS_TRIGGERS, error));
#undef PHASE

  g_ptr_array_unref (seed.stmts);
  if (ok)
    ok = mfc_training_store_commit (store, error);
  else
    mfc_training_store_rollback (store);

  mfc_training_store_exec (store, "PRAGMA cache_size = -16384; PRAGMA foreign_keys = ON;"
                           " PRAGMA ignore_check_constraints = OFF; PRAGMA threads = 0;"
                           " PRAGMA temp_store = MEMORY", NULL);
  g_hash_table_unref (seed.zones);
  g_array_unref (seed.office_staff);
  g_array_unref (seed.office_zone);
  g_rand_free (seed.rand);

  return ok;
}

/**
 * mfc_training_seed_demo:
 * @store: the training database
 * @now: the day the data is built around (Unix seconds)
 * @error: return location for an error
 *
 * Replaces all rows with «Учебная область»: 50 offices, 33 services in 8
 * categories, 400 applicants, 3 200 tickets, a month of appointments.
 *
 * Returns: %TRUE on success
 */
gboolean
mfc_training_seed_demo (MfcTrainingStore  *store,
                        gint64             now,
                        GError           **error)
{
  return seed_all (store, now, 20261123, 50, 400, 3200, FALSE, error);
}

/**
 * mfc_training_seed_large:
 * @store: the training database
 * @now: the day the data is built around (Unix seconds)
 * @error: return location for an error
 *
 * Replaces all rows with the benchmark set: 20 000 offices, 100 000
 * applicants and 1 000 000 tickets over two years.
 *
 * Returns: %TRUE on success
 */
gboolean
mfc_training_seed_large (MfcTrainingStore  *store,
                         gint64             now,
                         GError           **error)
{
  return seed_all (store, now, 1000000, 20000, 100000, 1000000, TRUE, error);
}
