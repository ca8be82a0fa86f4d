# LIGHTVIBES: `make run` builds and serves on 127.0.0.1:8000, `make test` builds and runs every test.
# Both find a JDK 25 themselves (tools/find-jdk25) and stop with one line if something is missing.
SHELL := /bin/bash
JDK := $(shell tools/find-jdk25 2>/dev/null)
export JAVA_HOME := $(JDK)
export PATH := $(JDK)/bin:$(PATH)
MVN ?= mvn
# Maven 3.8 (Guava) calls sun.misc.Unsafe; JDK 24+ warns about it unless told it is allowed.
export MAVEN_OPTS ?= --sun-misc-unsafe-memory-access=allow
STATE_DIR ?= .lightvibes
JAR := service/target/lightvibes.jar
LIGHTVIBES := java --enable-native-access=ALL-UNNAMED -jar $(JAR)

.PHONY: tools build run test bench env-example clean

tools:
	@test -n "$(JDK)" || { tools/find-jdk25 >/dev/null; exit 1; }
	@command -v $(MVN) >/dev/null || { echo "LIGHTVIBES needs Maven 3.8.6 or newer (mvn on PATH)" >&2; exit 1; }
	@command -v gcc >/dev/null || { echo "LIGHTVIBES needs gcc (the C photonics library is built with it)" >&2; exit 1; }

build: tools
	$(MVN) -q package -DskipTests

run: build
	@mkdir -p $(STATE_DIR)
	@test -f $(STATE_DIR)/recipient.pub || $(LIGHTVIBES) keygen --kem x25519 --out $(STATE_DIR)
	$(LIGHTVIBES) serve --host 127.0.0.1 --port 8000

test: tools
	$(MVN) verify

env-example: build
	$(LIGHTVIBES) config example > .env.example

bench: build
	bash benchmarks/run.sh

clean: tools
	$(MVN) -q clean
