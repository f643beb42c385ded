#!/bin/sh
# Entrypoint for the apache/kafka image in docker-compose.secure.yml: one KRaft node whose
# client listeners require SASL_SSL (SCRAM-SHA-512 over TLS), like LocalBroker with a
# SecureListener (stream/local/security.py). The plaintext listener and the controller
# bind to the container's loopback only (healthcheck, controller): nothing outside the
# container can talk to the broker without TLS and a password.
#
# Why a script instead of the image's KAFKA_* variables: the image formats its storage
# without SCRAM users, and in KRaft the first SCRAM user is best written at format time
# (kafka-storage format --add-scram). The password is read from a file (a Docker secret)
# and never echoed.
set -eu

KAFKA_HOME=${KAFKA_HOME:-/opt/kafka}
DATA_DIR=${WIRESTREAM_KAFKA_DATA:-/var/lib/kafka/data}
CONFIG=${WIRESTREAM_KAFKA_CONFIG:-/tmp/wirestream-secure.properties}
SCRAM_USER=${KAFKA_SCRAM_USER:?set KAFKA_SCRAM_USER (the client user to create)}
PASSWORD_FILE=${KAFKA_SCRAM_PASSWORD_FILE:-/run/secrets/wire_password}
KEYSTORE=${KAFKA_SSL_KEYSTORE:-/run/secrets/kafka_keystore}
PLAIN_PORT=${KAFKA_LOOPBACK_PORT:-29092}
CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
SASL_PORT=${KAFKA_SASL_PORT:-9094}
EXTERNAL_PORT=${KAFKA_EXTERNAL_PORT:-19094}
SASL_HOST=${KAFKA_ADVERTISED_HOST:-kafka}
EXTERNAL_HOST=${KAFKA_EXTERNAL_HOST:-localhost}
SCRAM='org.apache.kafka.common.security.scram.ScramLoginModule required;'

for file in "$PASSWORD_FILE" "$KEYSTORE"; do
  [ -r "$file" ] || { echo "secure-start: cannot read $file (see docs/security.md)" >&2; exit 1; }
done
mkdir -p "$DATA_DIR"

cat > "$CONFIG" <<PROPERTIES
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${CONTROLLER_PORT}
controller.listener.names=CONTROLLER
listeners=PLAINTEXT://127.0.0.1:${PLAIN_PORT},CONTROLLER://127.0.0.1:${CONTROLLER_PORT},SASL_SSL://:${SASL_PORT},EXTERNAL://:${EXTERNAL_PORT}
advertised.listeners=PLAINTEXT://127.0.0.1:${PLAIN_PORT},SASL_SSL://${SASL_HOST}:${SASL_PORT},EXTERNAL://${EXTERNAL_HOST}:${EXTERNAL_PORT}
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,EXTERNAL:SASL_SSL
inter.broker.listener.name=PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-512
ssl.keystore.type=PEM
ssl.keystore.location=${KEYSTORE}
ssl.client.auth=none
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=${SCRAM}
listener.name.external.scram-sha-512.sasl.jaas.config=${SCRAM}
log.dirs=${DATA_DIR}
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
group.min.session.timeout.ms=1000
message.max.bytes=8388608
PROPERTIES

if [ ! -f "$DATA_DIR/meta.properties" ]; then
  password=$(cat "$PASSWORD_FILE")
  cluster_id=$("$KAFKA_HOME/bin/kafka-storage.sh" random-uuid)
  if ! output=$("$KAFKA_HOME/bin/kafka-storage.sh" format --config "$CONFIG" \
      --cluster-id "$cluster_id" \
      --add-scram "SCRAM-SHA-512=[name=${SCRAM_USER},password=${password}]" 2>&1); then
    # The tool may echo its arguments: drop every line that holds the password.
    printf '%s\n' "$output" | grep -vF -- "$password" >&2
    exit 1
  fi
  unset password output
  echo "secure-start: storage formatted with SCRAM user ${SCRAM_USER}"
fi

exec "$KAFKA_HOME/bin/kafka-server-start.sh" "$CONFIG"
