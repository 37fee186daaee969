"""Scheduling and attendance at scale (crm_edu; run with odoo-bin shell).

Generates a background of existing sessions (set-based insert) across many
teachers and rooms, so the GiST indexes of the overlap exclusion constraints
hold many rows, then measures on the same database:

* creating 2,000 sessions (``crm.edu.session.create``: deferred teacher and
  room exclusion constraints, then one immediate check) beside creating
  2,000 ``calendar.event`` records with the same start/stop (stock Odoo
  scheduling, no overlap check);
* marking a 30-student session present as its teacher
  (``action_mark_all_present``: one lesson consumed from each student's
  contract) beside writing the state of 30 ``calendar.attendee`` rows (stock
  write path); best of 3 after a warm-up, with query counts.

Everything is rolled back.

    odoo-bin shell -c odoo.conf -d DB --no-http < bench/bench_edu.py

Environment: ``BENCH_EDU_SESSIONS`` (default 50,000) background sessions,
``BENCH_EDU_TEACHERS`` (default 200) teachers (one room and one class each),
``BENCH_EDU_NEW`` (default 2,000) sessions created in the timed run.
"""

import os
import time
from datetime import date, datetime, timedelta

N_SESSIONS = int(os.environ.get("BENCH_EDU_SESSIONS", "50000"))
N_TEACHERS = int(os.environ.get("BENCH_EDU_TEACHERS", "200"))
N_NEW = int(os.environ.get("BENCH_EDU_NEW", "2000"))
N_STUDENTS = 30
BASE = datetime(2031, 1, 6, 1, 0)


def slot(index, start_day=0):
    """Non-overlapping one-hour slots of one teacher: 4 a day."""
    start = BASE + timedelta(days=start_day + index // 4, hours=2 * (index % 4))
    return start, start + timedelta(hours=1)


def timed(env, func):
    env.invalidate_all()
    before = env.cr.sql_log_count
    start = time.perf_counter()
    result = func()
    env.flush_all()
    return time.perf_counter() - start, env.cr.sql_log_count - before, result


def setup(env):
    company = env.company
    campus = env["crm.team"].create({"name": "Bench Campus", "is_campus": True})
    course = env["crm.edu.course"].create(
        {
            "name": "Bench Course",
            "subject_id": env["crm.edu.subject"].create({"name": "Bench Subject"}).id,
            "category_id": env["crm.edu.course.category"].create({"name": "Bench"}).id,
            "lesson_count": 40,
            "company_id": company.id,
        }
    )
    teacher_group = env.ref("crm_edu.group_edu_teacher")
    teacher_user = env["res.users"].create(
        {
            "name": "Bench Teacher",
            "login": "bench_edu_teacher",
            "company_id": company.id,
            "company_ids": [(6, 0, company.ids)],
            "group_ids": [(6, 0, teacher_group.ids)],
        }
    )
    teachers = env["crm.edu.teacher"].create(
        [{"name": f"Bench Teacher {i}", "company_id": company.id} for i in range(N_TEACHERS)]
    )
    teachers[0].user_id = teacher_user
    rooms = env["crm.edu.room"].create(
        [
            {"name": f"Bench Room {i}", "campus_id": campus.id, "capacity": N_STUDENTS}
            for i in range(N_TEACHERS)
        ]
    )
    classes = env["crm.edu.class"].create(
        [
            {
                "name": f"Bench Class {i}",
                "course_id": course.id,
                "teacher_id": teacher.id,
                "room_id": room.id,
                "capacity": N_STUDENTS,
                "date_start": date(2031, 1, 1),
                "date_end": date(2036, 1, 1),
                "state": "open",
                "company_id": company.id,
            }
            for i, (teacher, room) in enumerate(zip(teachers, rooms, strict=True))
        ]
    )
    env.flush_all()
    # Background: per class, consecutive non-overlapping slots (set-based).
    per_class = N_SESSIONS // N_TEACHERS
    env.cr.execute(
        """
        INSERT INTO crm_edu_session (name, class_id, course_id, teacher_id, room_id, capacity,
                                     campus_id, start_datetime, stop_datetime, duration, state,
                                     seats_taken, seats_free, company_id, create_uid, write_uid,
                                     create_date, write_date)
        SELECT c.name || ' ' || k, c.id, c.course_id, c.teacher_id, c.room_id, c.capacity,
               c.campus_id, s.start, s.start + interval '1 hour', 1.0,
               CASE WHEN k %% 10 = 0 THEN 'done' ELSE 'planned' END,
               0, c.capacity, c.company_id, 1, 1, now(), now()
          FROM crm_edu_class c
         CROSS JOIN generate_series(0, %s - 1) AS k
         CROSS JOIN LATERAL (
               SELECT %s::timestamp + (k / 4) * interval '1 day'
                      + (k %% 4) * interval '2 hours' AS start) s
         WHERE c.id IN %s
        """,
        (per_class, BASE, tuple(classes.ids)),
    )
    env.cr.execute("ANALYZE crm_edu_session")
    env.cr.execute("SELECT count(*) FROM crm_edu_session")
    total = env.cr.fetchone()[0]
    return company, teacher_user, classes, course, per_class, total


def bench_create(env, classes, per_class):
    """N_NEW sessions after the background days, spread over the classes."""
    day0 = per_class // 4 + 7
    per = -(-N_NEW // len(classes))

    def session_vals(offset):
        return [
            {"class_id": klass.id, "start_datetime": start, "stop_datetime": stop}
            for k in range(per)
            for klass in classes
            for start, stop in [slot(k, day0 + offset)]
        ][:N_NEW]

    def event_vals(offset):
        return [
            {"name": f"Bench {i}", "start": v["start_datetime"], "stop": v["stop_datetime"]}
            for i, v in enumerate(session_vals(offset))
        ]

    sessions = env["crm.edu.session"]
    events = env["calendar.event"]
    # warm-up, then the timed runs on later days
    sessions.create(session_vals(0)[:200])
    events.create(event_vals(0)[:200])
    offset = per // 4 + 2
    s_time, s_queries, created = timed(env, lambda: sessions.create(session_vals(offset)))
    e_time, e_queries, _events = timed(env, lambda: events.create(event_vals(offset)))
    # the constraints are live: a second session of the class at the same time is refused
    try:
        with env.cr.savepoint():
            sessions.create(session_vals(offset)[:1])
        refused = "NOT refused"
    except Exception as error:  # noqa: BLE001 (report any refusal)
        refused = f"refused ({type(error).__name__})"
    print(
        f"RESULT create_{len(created)} sessions {s_time:.2f}s {s_queries} queries, "
        f"stock calendar.event {e_time:.2f}s {e_queries} queries, "
        f"ratio {s_time / e_time:.2f}x; overlapping session {refused}"
    )


def bench_attendance(env, company, teacher_user, klass, course):
    partners = env["res.partner"].create(
        [{"name": f"Bench Student {i}", "company_id": company.id} for i in range(N_STUDENTS)]
    )
    students = env["crm.edu.student"].create(
        [
            {"name": partner.name, "partner_id": partner.id, "company_id": company.id}
            for partner in partners
        ]
    )
    contracts = env["crm.edu.contract"].create(
        [
            {
                "student_id": student.id,
                "partner_id": student.partner_id.id,
                "course_id": course.id,
                "lesson_count": 10,
                "company_id": company.id,
            }
            for student in students
        ]
    )
    contracts.action_sign()
    sessions = env["crm.edu.session"].create(
        [
            {"class_id": klass.id, "start_datetime": start, "stop_datetime": stop}
            for start, stop in (slot(k, 3000) for k in range(4))
        ]
    )
    env["crm.edu.attendee"].create(
        [
            {"session_id": session.id, "student_id": student.id}
            for session in sessions
            for student in students
        ]
    )
    events = env["calendar.event"].create(
        [
            {
                "name": f"Bench lesson {k}",
                "start": start,
                "stop": stop,
                "user_id": teacher_user.id,
                "partner_ids": [(6, 0, partners.ids)],
            }
            for k, (start, stop) in enumerate(slot(k, 3000) for k in range(4))
        ]
    )
    env.flush_all()
    marked, stock = [], []
    for index, (session, event) in enumerate(zip(sessions, events, strict=True)):
        attendees = event.attendee_ids.filtered(lambda a: a.partner_id in partners)
        assert len(attendees) == N_STUDENTS and len(session.attendee_ids) == N_STUDENTS
        result = timed(env, session.with_user(teacher_user).action_mark_all_present)
        result_stock = timed(
            env,
            lambda attendees=attendees: attendees.with_user(teacher_user).write(
                {"state": "accepted"}
            ),
        )
        if index:  # the first session warms up
            marked.append(result[:2])
            stock.append(result_stock[:2])
    assert set(sessions.attendee_ids.mapped("state")) == {"present"}
    assert all(c.consumed_lessons == 4 for c in contracts), contracts.mapped("consumed_lessons")
    m_time, m_queries = min(marked)
    c_time, c_queries = min(stock)
    print(
        f"RESULT attendance_{N_STUDENTS} action_mark_all_present (teacher) "
        f"{m_time * 1000:.1f}ms {m_queries} queries, stock calendar.attendee write "
        f"{c_time * 1000:.1f}ms {c_queries} queries, ratio {m_time / c_time:.2f}x"
    )


def main(env):
    start = time.perf_counter()
    env = env(context=dict(env.context, tracking_disable=True, mail_notrack=True))
    company, teacher_user, classes, course, per_class, total = setup(env)
    print(
        f"RESULT setup {total} sessions in the database ({N_TEACHERS} teachers/rooms, "
        f"{per_class} each generated), {time.perf_counter() - start:.1f}s"
    )
    bench_create(env, classes, per_class)
    bench_attendance(env, company, teacher_user, classes[0], course)
    env.cr.rollback()


main(env)  # noqa: F821 (odoo-bin shell provides env)
