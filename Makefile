# motcua developer commands. Each target is a thin call into scripts/ so the logic is
# plain bash that can be read and run on its own.
#   make run                    demo on SQLite at http://127.0.0.1:8000
#   make run DATABASE_URL=postgres://user:pass@host:5432/db
#   make test                   lint + whole suite on SQLite and on PostgreSQL
#   make bench [QUICK=1]        benchmarks on a generated dataset (DOSSIERS=n to size it)

SHELL := /bin/bash
PORT ?= 8000
export PORT

.PHONY: run test bench lint fmt install install-dev messages migrations clean

run:
	scripts/run.sh

test:
	scripts/test.sh

bench:
	scripts/bench.sh

install:
	scripts/bootstrap.sh runtime

install-dev:
	scripts/bootstrap.sh dev

lint: install-dev
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

fmt: install-dev
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .

messages: install-dev
	scripts/messages.sh

migrations: install-dev
	.venv/bin/python manage.py makemigrations

clean:
	rm -rf .venv var
