"""gunicorn configuration: ``gunicorn -c app/gunicorn.conf.py 'app:create_app()'``."""

from app.settings import ServerSettings

_server = ServerSettings()

bind = _server.bind
workers = _server.workers
threads = _server.threads
timeout = _server.timeout
graceful_timeout = _server.graceful_timeout
worker_class = "gthread"
preload_app = False  # each worker loads the pinned model once; SIGHUP reloads a new pin
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = "127.0.0.1"
