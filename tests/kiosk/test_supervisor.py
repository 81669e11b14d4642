from kiosk.supervisor import Backoff, supervise


def test_backoff_after_three_quick_failures():
    backoff = Backoff(quick_s=30, backoff_s=30, max_backoff_s=120)
    assert [backoff.after_run(1) for _ in range(6)] == [0, 0, 30, 60, 120, 120]
    assert backoff.after_run(600) == 0  # a long run resets the count
    assert backoff.after_run(1) == 0


def test_supervisor_restarts_after_crash_and_stops_on_clean_exit(tmp_path):
    codes = iter([139, 1, 0])
    commands, sleeps = [], []
    clock = iter(range(0, 1000, 5))
    rc = supervise(
        str(tmp_path),
        ["--kiosk"],
        start=lambda cmd: commands.append(cmd) or next(codes),
        sleep=sleeps.append,
        monotonic=lambda: next(clock),
    )
    assert rc == 0 and len(commands) == 3
    assert commands[0][-2:] == ["run", "--kiosk"] and "--home" in commands[0]
    assert sleeps == []  # two quick failures: not yet a loop
    assert "restarting" in (tmp_path / "logs" / "supervisor.log").read_text()


def test_supervisor_backs_off_in_a_crash_loop(tmp_path):
    sleeps = []
    clock = iter(range(0, 1000, 1))
    rc = supervise(
        str(tmp_path), [], start=lambda cmd: 1, sleep=sleeps.append, monotonic=lambda: next(clock), max_starts=5
    )
    assert rc == 1 and sleeps == [30.0, 60.0]
