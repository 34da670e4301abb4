#!/usr/bin/env bash
# Local backing services for the integration tests, run as plain processes
# (no systemd, no Docker): PostgreSQL, Redis, RabbitMQ (STOMP), ActiveMQ
# (STOMP), ZooKeeper and a single-node Kafka in KRaft mode.
#
#   bash scripts/services.sh up      install what is missing, start, wait until all answer
#   bash scripts/services.sh down    stop what `up` started
#   bash scripts/services.sh status  one line per service: up/down and address (exit 1 if any is down)
#   bash scripts/services.sh env     `export` lines for the tests (eval "$(... env)")
#   bash scripts/services.sh chromium  install Debian's chromium for the browser tests if missing
#                                    (`up` does too)
#
# Everything listens on 127.0.0.1 only, on ports that do not collide with the
# system defaults, and keeps its data, logs and pids under one folder:
# $FLOW_SERVICES_DIR (default: /var/tmp/flow-services). The ports belong to the
# machine, so the folder does too: any checkout (a CI clone, a second worktree)
# finds, restarts and stops the same services.
# Kafka's jars come from Maven Central (scripts/kafka/pom.xml) into a cache that
# outlives the repo: $FLOW_KAFKA_LIBS (default: ~/.cache/flow/kafka-libs).
#
# Written for Debian 12 as root (as on the dev machines and CI). `up` is
# idempotent: a service that already answers is left alone.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATA=${FLOW_SERVICES_DIR:-/var/tmp/flow-services}
KAFKA_POM=$REPO/scripts/kafka/pom.xml
KAFKA_LIBS=${FLOW_KAFKA_LIBS:-${HOME:-/root}/.cache/flow/kafka-libs}

HOST=127.0.0.1
PG_PORT=15432
REDIS_PORT=16379
RABBIT_AMQP_PORT=15672
RABBIT_STOMP_PORT=61613
RABBIT_DIST_PORT=35672 # Erlang distribution (rabbitmqctl talks to the node through it)
RABBIT_EPMD_PORT=14369 # our own epmd, so `down` can stop it without touching a system one
ACTIVEMQ_STOMP_PORT=61623
ZK_PORT=12181
KAFKA_PORT=19092
KAFKA_CONTROLLER_PORT=19093

LOGS=$DATA/logs
RUN=$DATA/run

log() { printf '[services] %s\n' "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

# ---------------------------------------------------------------------------
# helpers

pid_alive() { # pidfile -> 0 when the recorded process is alive
  local pid
  [[ -s $1 ]] || return 1
  pid=$(<"$1")
  # A zombie counts as dead: where PID 1 does not reap orphans (as in some
  # sandboxes) an exited daemon lingers as <defunct> and kill -0 still succeeds.
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && [[ $(ps -o stat= -p "$pid") != Z* ]]
}

# Stop the process recorded in a pidfile: SIGTERM, then SIGKILL after $2 seconds.
stop_pidfile() {
  local pidfile=$1 grace=${2:-20} pid i
  if pid_alive "$pidfile"; then
    pid=$(<"$pidfile")
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < grace * 10; i++)); do
      pid_alive "$pidfile" || break
      sleep 0.1
    done
    if pid_alive "$pidfile"; then
      log "pid $pid did not stop in ${grace}s, killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$pidfile"
}

# Start a long-running command in the background, detached from this shell's
# session (setsid) so it outlives the caller, with stdin closed and output in
# its log; record its pid. setsid does not fork here (a non-interactive shell's
# background job is not a process-group leader), so $! is the service's pid.
spawn() { # name cmd... (runs with the caller's exported environment)
  local name=$1
  shift
  setsid "$@" </dev/null >>"$LOGS/$name.log" 2>&1 &
  echo $! >"$RUN/$name.pid"
}

# Poll a probe until it succeeds or the timeout passes; on timeout print the
# tail of the service's log and fail.
wait_ready() { # name timeout_seconds logfile probe...
  local name=$1 timeout=$2 logfile=$3 start=$SECONDS
  shift 3
  until "$@"; do
    # A service we launched whose process has exited will never answer.
    if [[ -f $RUN/$name.pid ]] && ! pid_alive "$RUN/$name.pid"; then
      log "$name exited before answering; last lines of $logfile:"
      tail -n 40 "$logfile" >&2 2>/dev/null || true
      die "$name failed to start"
    fi
    if ((SECONDS - start >= timeout)); then
      log "$name did not answer within ${timeout}s; last lines of $logfile:"
      tail -n 40 "$logfile" >&2 2>/dev/null || true
      die "$name failed to start"
    fi
    sleep 0.3
  done
  log "$name is up ($((SECONDS - start))s)"
}

# Plain TCP/text probes through bash's /dev/tcp, so no netcat is needed. Each
# runs in a child bash under `timeout` so a half-open service cannot hang us.
# shellcheck disable=SC2016 # $0.. expand in the child bash, on purpose
tcp_open() { timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$HOST" "$1" 2>/dev/null; }

# Send $2 (printf format) to port $1 and print the first $3 bytes of the answer.
# shellcheck disable=SC2016
tcp_ask() {
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1" && printf "$2" >&3 && head -c "$3" <&3' \
    "$HOST" "$1" "$2" "$3" 2>/dev/null || true
}

# ---------------------------------------------------------------------------
# installation

pg_bin() { # newest installed PostgreSQL server binaries (nothing before install)
  local ctl
  ctl=$(printf '%s\n' /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -n 1)
  if [[ -x $ctl ]]; then dirname "$ctl"; fi
}

pkg_installed() { [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == "install ok installed" ]]; }

# The browser tests (e2e/playwright.config.ts) drive Debian's Chromium at this path; with
# fonts-liberation (only a Recommends of chromium) pages render with real fonts.
CHROMIUM=/usr/bin/chromium
CHROMIUM_PACKAGES=(chromium fonts-liberation)

install_packages() {
  local missing=() p
  for p in postgresql redis-server rabbitmq-server activemq zookeeper; do
    pkg_installed "$p" || missing+=("$p")
  done
  command -v java >/dev/null || missing+=(default-jre-headless)
  command -v mvn >/dev/null || missing+=(maven)
  [[ -x $CHROMIUM ]] || missing+=("${CHROMIUM_PACKAGES[@]}")
  apt_install "${missing[@]}"
}

# Only what the browser tests need (`pnpm run test:e2e` runs this; `up` installs it too).
install_chromium() {
  [[ -x $CHROMIUM ]] || apt_install "${CHROMIUM_PACKAGES[@]}"
  [[ -x $CHROMIUM ]] || die "$CHROMIUM still missing after installing ${CHROMIUM_PACKAGES[*]}"
}

apt_install() { # packages... (none: nothing to do)
  local missing=("$@")
  ((${#missing[@]})) || return 0

  [[ $(id -u) -eq 0 ]] || die "missing packages (${missing[*]}) and not root to install them"
  local t0=$SECONDS
  log "installing: ${missing[*]}"
  # Without systemd, package scripts start services through invoke-rc.d, which
  # can fail the install (rabbitmq-server) or leave a default instance running.
  # A policy-rc.d that exits 101 tells invoke-rc.d "not allowed": nothing starts.
  # Keep an existing one (Docker images ship the same thing); remove ours after.
  local policy=/usr/sbin/policy-rc.d own_policy=
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    own_policy=1
  fi
  local rc=0
  {
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq &&
      apt-get install -y -qq --no-install-recommends \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
        "${missing[@]}" </dev/null >"$DATA/apt-install.log" 2>&1
  } || rc=$?
  [[ -z $own_policy ]] || rm -f "$policy"
  if ((rc)); then
    tail -n 40 "$DATA/apt-install.log" >&2 || true
    die "apt-get install failed (log: $DATA/apt-install.log)"
  fi
  log "installed in $((SECONDS - t0))s"
}

# Kafka is not packaged by Debian: Maven copies the broker and its runtime
# dependencies into $KAFKA_LIBS. A stamp holding the pom's checksum makes a pom
# change (new Kafka version) refetch; the copy goes to a temp folder first so
# an interrupted download never looks complete.
fetch_kafka_libs() {
  local sum
  sum=$(sha256sum "$KAFKA_POM" | cut -d' ' -f1)
  [[ -f $KAFKA_LIBS/.pom-sha256 && $(<"$KAFKA_LIBS/.pom-sha256") == "$sum" ]] && return 0
  local t0=$SECONDS
  log "fetching Kafka jars with Maven into $KAFKA_LIBS"
  local tmp=$KAFKA_LIBS.tmp.$$
  rm -rf "$tmp"
  mkdir -p "$tmp"
  mvn -q -B -Dstyle.color=never -f "$KAFKA_POM" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$tmp" </dev/null ||
    die "mvn could not fetch the Kafka jars (pom: $KAFKA_POM)"
  echo "$sum" >"$tmp/.pom-sha256"
  rm -rf "$KAFKA_LIBS"
  mv "$tmp" "$KAFKA_LIBS"
  log "fetched Kafka jars in $((SECONDS - t0))s"
}

# ---------------------------------------------------------------------------
# PostgreSQL 127.0.0.1:15432, user postgres, trust auth, database flow_test

PG_DIR=$DATA/postgres # owned by the postgres user; holds data/ and the socket
PG_LOG=$LOGS/postgres.log

# initdb and the server refuse to run as root: run them as the postgres user,
# from / so they do not complain about an unreadable working directory.
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

postgres_ready() {
  local bin
  bin=$(pg_bin)
  [[ -n $bin ]] && "$bin/pg_isready" -q -h "$HOST" -p "$PG_PORT" -t 2
}

postgres_start() {
  local bin
  bin=$(pg_bin)
  [[ -n $bin ]] || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
  mkdir -p "$PG_DIR"
  touch "$PG_LOG"
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$PG_DIR" "$PG_LOG"
    as_pg test -x "$PG_DIR" || die "user postgres cannot reach $PG_DIR: put FLOW_SERVICES_DIR in a folder others can traverse"
  fi
  if [[ ! -f $PG_DIR/data/PG_VERSION ]]; then
    as_pg "$bin/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --no-locale >>"$PG_LOG" 2>&1 ||
      {
        tail -n 20 "$PG_LOG" >&2
        die "initdb failed"
      }
  fi
  # fsync/full_page_writes off: a throwaway test cluster, speed over durability.
  # pg_ctl -w returns once the server accepts connections; the postmaster
  # writes its own pid to data/postmaster.pid, which `down` uses via pg_ctl.
  as_pg "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_LOG" -w -t 60 start -o \
    "-p $PG_PORT -k $PG_DIR -c listen_addresses=$HOST -c fsync=off -c full_page_writes=off -c synchronous_commit=off" \
    >/dev/null || {
    tail -n 40 "$PG_LOG" >&2
    die "PostgreSQL failed to start"
  }
  head -n 1 "$PG_DIR/data/postmaster.pid" >"$RUN/postgres.pid"
}

postgres_create_db() {
  local psql
  psql=$(pg_bin)/psql
  if [[ -z $("$psql" -h "$HOST" -p "$PG_PORT" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = 'flow_test'") ]]; then
    "$psql" -h "$HOST" -p "$PG_PORT" -U postgres -d postgres -qc 'CREATE DATABASE flow_test' >/dev/null
    log "created database flow_test"
  fi
}

postgres_stop() {
  if [[ -f $PG_DIR/data/postmaster.pid && -n $(pg_bin) ]]; then
    as_pg "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
  fi
  rm -f "$RUN/postgres.pid"
}

# ---------------------------------------------------------------------------
# Redis 127.0.0.1:16379, persisted by an append-only file so that a restart (the
# restart tests) loses nothing

redis_ready() { [[ $(timeout 2 redis-cli -h "$HOST" -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]; }

redis_start() {
  mkdir -p "$DATA/redis"
  # --daemonize: redis forks and writes its own pidfile.
  redis-server --daemonize yes --bind "$HOST" --port "$REDIS_PORT" --dir "$DATA/redis" \
    --save '' --appendonly yes --appendfsync always --pidfile "$RUN/redis.pid" --logfile "$LOGS/redis.log" </dev/null
}

redis_stop() {
  if redis_ready; then
    timeout 10 redis-cli -h "$HOST" -p "$REDIS_PORT" shutdown >/dev/null 2>&1 || true
  fi
  stop_pidfile "$RUN/redis.pid" 10
}

# ---------------------------------------------------------------------------
# RabbitMQ: AMQP 127.0.0.1:15672, STOMP 127.0.0.1:61613 (guest/guest)

RABBIT_DIR=$DATA/rabbitmq
RABBIT_SBIN=/usr/lib/rabbitmq/bin # the real scripts; /usr/sbin's wrappers switch to the rabbitmq user

# Everything RabbitMQ and its CLI read from the environment. Set for the server
# and for rabbitmqctl alike (node name, epmd port and Erlang cookie must agree).
rabbit_env() {
  export RABBITMQ_NODENAME=flow@localhost
  export RABBITMQ_NODE_IP_ADDRESS=$HOST
  export RABBITMQ_NODE_PORT=$RABBIT_AMQP_PORT
  export RABBITMQ_DIST_PORT=$RABBIT_DIST_PORT
  export ERL_EPMD_ADDRESS=$HOST
  export ERL_EPMD_PORT=$RABBIT_EPMD_PORT
  # Bind the distribution listener to loopback too (default: all interfaces).
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  export RABBITMQ_MNESIA_BASE=$RABBIT_DIR/mnesia
  export RABBITMQ_LOG_BASE=$RABBIT_DIR/log
  export RABBITMQ_LOGS=- # to stdout, i.e. our log file
  export RABBITMQ_CONFIG_FILE=$RABBIT_DIR/rabbitmq.conf
  export RABBITMQ_ADVANCED_CONFIG_FILE=$RABBIT_DIR/advanced.config
  export RABBITMQ_ENABLED_PLUGINS_FILE=$RABBIT_DIR/enabled_plugins
  export RABBITMQ_CONF_ENV_FILE=$RABBIT_DIR/rabbitmq-env.conf # ignore /etc/rabbitmq's
  export RABBITMQ_PID_FILE=$RABBIT_DIR/beam.pid
  # Erlang keeps its cookie in $HOME/.erlang.cookie: a private home under the
  # data folder gives server and CLI the same cookie without touching /root.
  export HOME=$RABBIT_DIR/home
}

# A real STOMP handshake: CONNECT must be answered by a CONNECTED frame.
rabbitmq_ready() {
  [[ $(tcp_ask "$RABBIT_STOMP_PORT" 'CONNECT\naccept-version:1.2\nhost:/\nlogin:guest\npasscode:guest\n\n\0' 9) == CONNECTED ]]
}

rabbitmq_start() {
  mkdir -p "$RABBIT_DIR/home" "$RABBIT_DIR/mnesia" "$RABBIT_DIR/log"
  echo '[rabbitmq_stomp].' >"$RABBIT_DIR/enabled_plugins"
  : >"$RABBIT_DIR/rabbitmq-env.conf"
  cat >"$RABBIT_DIR/rabbitmq.conf" <<EOF
# written by scripts/services.sh
listeners.tcp.default = $HOST:$RABBIT_AMQP_PORT
stomp.listeners.tcp.1 = $HOST:$RABBIT_STOMP_PORT
stomp.default_user = guest
stomp.default_pass = guest
EOF
  (
    rabbit_env
    # The script stays as the parent of the Erlang VM and turns SIGTERM into a
    # clean shutdown, so its pid is the one to record.
    spawn rabbitmq "$RABBIT_SBIN/rabbitmq-server"
  )
}

rabbitmq_stop() {
  local pid=
  pid_alive "$RUN/rabbitmq.pid" && pid=$(<"$RUN/rabbitmq.pid")
  if [[ -n $pid ]] || rabbitmq_ready; then
    (
      rabbit_env
      timeout 60 "$RABBIT_SBIN/rabbitmqctl" -q stop "$RABBITMQ_PID_FILE" >/dev/null 2>&1 || true
    )
  fi
  stop_pidfile "$RUN/rabbitmq.pid" 20
  # The node started its own epmd (on our private port); stop it as well.
  if tcp_open "$RABBIT_EPMD_PORT"; then
    ERL_EPMD_ADDRESS=$HOST epmd -port "$RABBIT_EPMD_PORT" -kill >/dev/null 2>&1 || true
  fi
}

# ---------------------------------------------------------------------------
# ActiveMQ 5.17 (Debian's package): STOMP 127.0.0.1:61623 only (admin/admin)

ACTIVEMQ_DIR=$DATA/activemq
ACTIVEMQ_HOME=/usr/share/activemq # bin/activemq.jar and lib/ (symlinks into /usr/share/java)

activemq_ready() {
  [[ $(tcp_ask "$ACTIVEMQ_STOMP_PORT" 'CONNECT\naccept-version:1.2\nhost:/\nlogin:admin\npasscode:admin\n\n\0' 9) == CONNECTED ]]
}

activemq_start() {
  mkdir -p "$ACTIVEMQ_DIR/conf" "$ACTIVEMQ_DIR/data" "$ACTIVEMQ_DIR/tmp"
  # One STOMP connector and nothing else: no OpenWire/AMQP/MQTT connectors, no
  # web console (that is a separate Jetty config we do not load), and JMX off
  # (useJmx=false: no RMI registry/connector either). KahaDB under the data folder.
  cat >"$ACTIVEMQ_DIR/conf/activemq.xml" <<EOF
<!-- written by scripts/services.sh -->
<beans xmlns="http://www.springframework.org/schema/beans"
       xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
       xsi:schemaLocation="http://www.springframework.org/schema/beans http://www.springframework.org/schema/beans/spring-beans.xsd
                           http://activemq.apache.org/schema/core http://activemq.apache.org/schema/core/activemq-core.xsd">
  <broker xmlns="http://activemq.apache.org/schema/core" brokerName="flow" useJmx="false"
          persistent="true" dataDirectory="$ACTIVEMQ_DIR/data" tmpDataDirectory="$ACTIVEMQ_DIR/tmp"
          schedulePeriodForDestinationPurge="0">
    <managementContext>
      <managementContext createConnector="false"/>
    </managementContext>
    <persistenceAdapter>
      <kahaDB directory="$ACTIVEMQ_DIR/data/kahadb"/>
    </persistenceAdapter>
    <plugins>
      <simpleAuthenticationPlugin anonymousAccessAllowed="false">
        <users>
          <authenticationUser username="admin" password="admin" groups="admins"/>
        </users>
      </simpleAuthenticationPlugin>
    </plugins>
    <systemUsage>
      <systemUsage>
        <memoryUsage><memoryUsage limit="64 mb"/></memoryUsage>
        <storeUsage><storeUsage limit="1 gb"/></storeUsage>
        <tempUsage><tempUsage limit="512 mb"/></tempUsage>
      </systemUsage>
    </systemUsage>
    <transportConnectors>
      <transportConnector name="stomp" uri="stomp://$HOST:$ACTIVEMQ_STOMP_PORT?maximumConnections=1000"/>
    </transportConnectors>
  </broker>
</beans>
EOF
  # Debian ships log4j 1.2 with the slf4j binding in lib/optional: log to stdout (our log file).
  cat >"$ACTIVEMQ_DIR/conf/log4j.properties" <<'EOF'
log4j.rootLogger=INFO, stdout
log4j.logger.org.springframework=WARN
log4j.logger.org.apache.xbean=WARN
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=%d | %-5p | %m | %c%n
EOF
  # Debian's init script needs start-stop-daemon and an activemq user: run the
  # JVM directly. activemq.jar's Main (org.apache.activemq.console.Main) builds
  # the broker's classpath from activemq.home's lib/ and lib/optional/.
  spawn activemq java -Xms64m -Xmx256m -Djava.awt.headless=true \
    -Dorg.apache.activemq.UseDedicatedTaskRunner=false \
    -Dlog4j.configuration="file:$ACTIVEMQ_DIR/conf/log4j.properties" \
    -Dactivemq.classpath="$ACTIVEMQ_DIR/conf" \
    -Dactivemq.home="$ACTIVEMQ_HOME" -Dactivemq.base="$ACTIVEMQ_DIR" \
    -Dactivemq.conf="$ACTIVEMQ_DIR/conf" -Dactivemq.data="$ACTIVEMQ_DIR/data" \
    -jar "$ACTIVEMQ_HOME/bin/activemq.jar" start "xbean:file:$ACTIVEMQ_DIR/conf/activemq.xml"
}

activemq_stop() { stop_pidfile "$RUN/activemq.pid" 30; } # SIGTERM runs the broker's shutdown hook

# ---------------------------------------------------------------------------
# ZooKeeper 127.0.0.1:12181

ZK_DIR=$DATA/zookeeper

zookeeper_ready() { [[ $(tcp_ask "$ZK_PORT" ruok 4) == imok ]]; }

zookeeper_start() {
  mkdir -p "$ZK_DIR/data"
  cat >"$ZK_DIR/zoo.cfg" <<EOF
# written by scripts/services.sh
tickTime=2000
dataDir=$ZK_DIR/data
clientPort=$ZK_PORT
clientPortAddress=$HOST
admin.enableServer=false
4lw.commands.whitelist=srvr,ruok
EOF
  # Debian's zkServer scripts hard-code /var/log and /var/lib: start the JVM
  # directly. zookeeper.jar's manifest brings slf4j-api but no binding (it
  # would log nothing); slf4j-simple from the same Debian package (libslf4j-java)
  # logs INFO to stderr, i.e. our log file.
  spawn zookeeper java -Xms64m -Xmx256m \
    -Dorg.slf4j.simpleLogger.showDateTime=true \
    -Dorg.slf4j.simpleLogger.dateTimeFormat="yyyy-MM-dd HH:mm:ss.SSS" \
    -cp /etc/zookeeper/conf:/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-simple.jar \
    org.apache.zookeeper.server.quorum.QuorumPeerMain "$ZK_DIR/zoo.cfg"
}

zookeeper_stop() { stop_pidfile "$RUN/zookeeper.pid" 20; }

# ---------------------------------------------------------------------------
# Kafka, KRaft single node (broker + controller): 127.0.0.1:19092

KAFKA_DIR=$DATA/kafka

# Kafka answers an ApiVersions request (api key 18, v0, correlation id 1, empty
# client id) with the same correlation id and error code 0: proof the broker
# serves requests, not just that the port accepts.
kafka_ready() {
  [[ $(tcp_ask "$KAFKA_PORT" '\0\0\0\012\0\022\0\0\0\0\0\001\0\0' 10 | od -An -tx1 | tr -d ' \n') == ????????000000010000 ]]
}

# The JVM command line for the broker and its tools (append: class args...).
KAFKA_JAVA=(java -Xms128m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true
  -Dlog4j.configuration="file:$KAFKA_DIR/log4j.properties"
  -Dkafka.logs.dir="$KAFKA_DIR" -cp "$KAFKA_LIBS/*")

kafka_start() {
  mkdir -p "$KAFKA_DIR"
  cat >"$KAFKA_DIR/server.properties" <<EOF
# written by scripts/services.sh
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$KAFKA_PORT,CONTROLLER://$HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_DIR/logs
num.partitions=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
# One partition for consumer offsets (default 50): a fresh broker creates the topic at the
# first group join, and 50 partitions took over 20 s on a busy 2-core machine.
offsets.topic.num.partitions=1
EOF
  # Log everything to stdout (our log file); without a config Kafka logs nothing.
  cat >"$KAFKA_DIR/log4j.properties" <<'EOF'
log4j.rootLogger=INFO, stdout
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
EOF
  # KRaft needs its log folder formatted once with a cluster id (what
  # `kafka-storage.sh random-uuid` + `format` do). The id is kept in the data
  # folder; meta.properties marks a formatted folder.
  if [[ ! -f $KAFKA_DIR/logs/meta.properties ]]; then
    [[ -s $KAFKA_DIR/cluster-id ]] ||
      "${KAFKA_JAVA[@]}" kafka.tools.StorageTool random-uuid 2>>"$LOGS/kafka.log" | tail -n 1 >"$KAFKA_DIR/cluster-id"
    "${KAFKA_JAVA[@]}" kafka.tools.StorageTool format --ignore-formatted \
      -t "$(<"$KAFKA_DIR/cluster-id")" -c "$KAFKA_DIR/server.properties" >>"$LOGS/kafka.log" 2>&1 ||
      {
        tail -n 20 "$LOGS/kafka.log" >&2
        die "kafka storage format failed"
      }
  fi
  spawn kafka "${KAFKA_JAVA[@]}" kafka.Kafka "$KAFKA_DIR/server.properties"
}

kafka_stop() { stop_pidfile "$RUN/kafka.pid" 30; } # SIGTERM = controlled shutdown

# ---------------------------------------------------------------------------
# subcommands

SERVICES=(postgres redis rabbitmq activemq zookeeper kafka)

address() {
  case $1 in
    postgres) echo "postgres://postgres@$HOST:$PG_PORT/flow_test" ;;
    redis) echo "redis://$HOST:$REDIS_PORT" ;;
    rabbitmq) echo "stomp://$HOST:$RABBIT_STOMP_PORT amqp://$HOST:$RABBIT_AMQP_PORT" ;;
    activemq) echo "stomp://$HOST:$ACTIVEMQ_STOMP_PORT" ;;
    zookeeper) echo "$HOST:$ZK_PORT" ;;
    kafka) echo "$HOST:$KAFKA_PORT" ;;
  esac
}

# seconds each service gets to answer after its start
timeout_for() {
  case $1 in
    postgres | redis) echo 30 ;;
    zookeeper | activemq) echo 60 ;;
    rabbitmq | kafka) echo 120 ;;
  esac
}

cmd_up() {
  local t0=$SECONDS s
  mkdir -p "$DATA" "$LOGS" "$RUN"
  install_packages
  fetch_kafka_libs
  # Start everything that does not answer yet, then wait for all: the JVMs and
  # the Erlang VM boot in parallel. A service whose recorded process is still
  # alive is only waited for, never started twice.
  for s in "${SERVICES[@]}"; do
    if "${s}_ready"; then
      log "$s already up"
    elif [[ $s != postgres ]] && pid_alive "$RUN/$s.pid"; then
      log "$s is starting (pid $(<"$RUN/$s.pid"))"
    else
      log "starting $s"
      "${s}_start"
    fi
  done
  for s in "${SERVICES[@]}"; do
    "${s}_ready" || wait_ready "$s" "$(timeout_for "$s")" "$LOGS/$s.log" "${s}_ready"
  done
  postgres_create_db
  log "all services up in $((SECONDS - t0))s (data: $DATA)"
}

cmd_down() {
  local i
  for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do
    log "stopping ${SERVICES[i]}"
    "${SERVICES[i]}_stop"
  done
}

# Stops one service and starts it again with its data, as the restart tests need.
cmd_restart() {
  local s=${1:-}
  [[ " ${SERVICES[*]} " == *" $s "* ]] || die "restart takes one of: ${SERVICES[*]}"
  mkdir -p "$DATA" "$LOGS" "$RUN"
  log "restarting $s"
  "${s}_stop"
  "${s}_start"
  wait_ready "$s" "$(timeout_for "$s")" "$LOGS/$s.log" "${s}_ready"
  log "$s restarted"
}

cmd_status() {
  local s state rc=0
  for s in "${SERVICES[@]}"; do
    if "${s}_ready"; then state=up; else
      state=down
      rc=1
    fi
    printf '%-10s %-5s %s\n' "$s" "$state" "$(address "$s")"
  done
  return $rc
}

cmd_env() {
  cat <<EOF
export FLOW_TEST_PG_URL=postgres://postgres@$HOST:$PG_PORT/flow_test
export FLOW_TEST_REDIS_URL=redis://$HOST:$REDIS_PORT
export FLOW_TEST_STOMP_URL=stomp://guest:guest@$HOST:$RABBIT_STOMP_PORT
export FLOW_TEST_ACTIVEMQ_STOMP_URL=stomp://admin:admin@$HOST:$ACTIVEMQ_STOMP_PORT
export FLOW_TEST_ZOOKEEPER=$HOST:$ZK_PORT
export FLOW_TEST_KAFKA_BROKERS=$HOST:$KAFKA_PORT
EOF
}

case ${1:-} in
  up) cmd_up ;;
  chromium)
    mkdir -p "$DATA"
    install_chromium
    ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) cmd_env ;;
  restart) cmd_restart "${2:-}" ;;
  *)
    echo "usage: $0 up|down|status|env|restart SERVICE|chromium" >&2
    exit 2
    ;;
esac
