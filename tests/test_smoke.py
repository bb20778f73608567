def test_home_page_renders_for_anonymous(client, db):
    response = client.get("/")
    assert response.status_code == 200
