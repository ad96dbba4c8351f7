"""The browser harness itself: Chromium reaches the mock, and nothing beyond it."""


def test_chromium_opens_a_page_served_by_the_mock(page, mock_server):
    answer = page.goto(f"{mock_server.url}/_mock/health")
    assert answer.status == 200
    assert "ok" in page.content()


def test_requests_to_any_other_host_are_aborted(page, mock_server):
    page.goto(f"{mock_server.url}/_mock/health")
    outcome = page.evaluate(
        "() => fetch('https://cdn.jsdelivr.net/npm/graphiql').then(() => 'reached', () => 'refused')"
    )
    assert outcome == "refused"
    assert page.offsite == ["https://cdn.jsdelivr.net/npm/graphiql"]
