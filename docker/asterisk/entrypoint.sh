#!/bin/bash
# Renders cti137's Asterisk configuration from the templates in /etc/asterisk-cti137 with the
# secrets from the environment, then runs Asterisk in the foreground (PID 1's child via exec, so
# `docker stop` reaches it). No secret is in the image: each start writes them anew.
set -euo pipefail

TEMPLATES=${CTI137_TEMPLATES:-/etc/asterisk-cti137}
CONF=${ASTERISK_CONF_DIR:-/etc/asterisk}

die() {
  echo "cti137-asterisk: $*" >&2
  exit 1
}

# Defaults for what is not secret.
export CTI_SUBNET=${CTI_SUBNET:-172.31.137.0/24}
export TRUNK_HOST=${TRUNK_HOST:-192.0.2.10}
export TRUNK_PORT=${TRUNK_PORT:-5060}

# Only these names are replaced: the dialplan is full of ${...} that Asterisk itself expands.
PHONE_PASSWORD_RE='^[^[:space:];"\\]{10,}$'
PLACEHOLDER='\$\{(AMI_SECRET|ARI_PASSWORD|PHONE_[0-9]+_PASSWORD|TRUNK_HOST|TRUNK_PORT|CTI_SUBNET)\}'
# shellcheck disable=SC2016 # the literal characters $ { } are deleted
mapfile -t names < <(grep -hoE "$PLACEHOLDER" "$TEMPLATES"/*.conf | tr -d '${}' | sort -u)
[ "${#names[@]}" -gt 0 ] || die "no placeholders found in $TEMPLATES/*.conf: wrong template directory?"

for name in "${names[@]}"; do
  value=${!name:-}
  [ -n "$value" ] || die "$name is not set (see docker/.env.example)"
  case "$value" in
    change-me*) die "$name still has the example value from .env.example; generate one, e.g. openssl rand -hex 24" ;;
  esac
  case "$name" in
    AMI_SECRET | ARI_PASSWORD)
      # They travel inside ASTERISK_AMI_URL / ASTERISK_ARI_URL: keep to URL-safe characters.
      [[ "$value" =~ ^[A-Za-z0-9._~-]{16,}$ ]] ||
        die "$name must be at least 16 characters of A-Z a-z 0-9 . _ ~ - (it is part of a URL)"
      ;;
    PHONE_*_PASSWORD)
      # A ';' starts a comment in Asterisk's config files; spaces and quotes do not survive either.
      [[ "$value" =~ $PHONE_PASSWORD_RE ]] ||
        die "$name must be at least 10 characters, without spaces, quotes, backslashes or ';'"
      ;;
    *)
      [[ "$value" =~ ^[A-Za-z0-9.:/_-]+$ ]] || die "$name has characters that do not belong in an address: $value"
      ;;
  esac
done

# envsubst with an explicit list leaves every other ${...} alone.
# shellcheck disable=SC2016 # envsubst wants the literal text ${NAME}
shell_format=$(printf '${%s} ' "${names[@]}")
mkdir -p "$CONF"
for tpl in "$TEMPLATES"/*.conf; do
  out="$CONF/$(basename "$tpl")"
  envsubst "$shell_format" <"$tpl" >"$out.tmp"
  mv "$out.tmp" "$out"
done

# Docker's NAT: phones and the trunk must be told the host's address in SIP and SDP.
nat="$CONF/pjsip_nat.conf"
: >"$nat"
if [ -n "${ASTERISK_EXTERNAL_IP:-}" ]; then
  [[ "$ASTERISK_EXTERNAL_IP" =~ ^[A-Za-z0-9.:-]+$ ]] || die "ASTERISK_EXTERNAL_IP is not an address: $ASTERISK_EXTERNAL_IP"
  {
    echo "external_media_address = $ASTERISK_EXTERNAL_IP"
    echo "external_signaling_address = $ASTERISK_EXTERNAL_IP"
    echo "local_net = 127.0.0.0/8"
    echo "local_net = $CTI_SUBNET"
  } >"$nat"
fi

# Secrets readable by Asterisk only.
chown -R asterisk:asterisk "$CONF"
chmod 0640 "$CONF"/*.conf
for d in /var/lib/asterisk /var/spool/asterisk /var/log/asterisk /var/run/asterisk; do
  mkdir -p "$d"
  chown asterisk:asterisk "$d"
done
chown -R asterisk:asterisk /var/log/asterisk

# -f foreground, -n no colours in docker logs, -U/-G drop root once the ports are bound.
exec /usr/sbin/asterisk -f -n -U asterisk -G asterisk -vvv "$@"
