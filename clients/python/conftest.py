# The plugin from this checkout (no install needed), and pytester for the plugin's own tests.
pytest_plugins = ["vmodem_client.pytest_plugin", "pytester"]
