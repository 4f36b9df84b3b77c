#!/bin/sh
# Installs the otalab lab-agent on Raspberry Pi OS (Debian Bookworm or later).
#
#   sudo ./install.sh [--jar PATH] [--flashmaps DIR]
#
# Defaults: the jar built by `mvn -pl lab-agent -am package` (lab-agent/target/lab-agent-*-runner.jar)
# and the repository's flashmap/ directory, both found relative to this script.
# What it does (again and again without harm):
#   - installs a Java 17 runtime with apt (and socat/uhubctl if available: handy, not required)
#   - creates the system user otalab-agent in the groups gpio, dialout and plugdev
#   - copies the jar to /opt/otalab-agent/lab-agent.jar, the flashmaps to /opt/otalab-agent/flashmap,
#     this folder's agent.example.yaml and WIRING.md beside them, and agent.example.yaml as
#     /opt/otalab-agent/agent.yaml unless that file already exists (your edits are kept)
#   - installs and enables otalab-lab-agent.service, and (re)starts it
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
jar=""
flashmaps="$repo/flashmap"
prefix=/opt/otalab-agent
user=otalab-agent

while [ $# -gt 0 ]; do
    case "$1" in
        --jar) jar=$2; shift 2 ;;
        --flashmaps) flashmaps=$2; shift 2 ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

if [ "$(id -u)" -ne 0 ]; then
    echo "run as root: sudo $0 $*" >&2
    exit 1
fi

if [ -z "$jar" ]; then
    jar=$(ls "$repo"/lab-agent/target/lab-agent-*-runner.jar 2>/dev/null | head -n 1 || true)
fi
if [ -z "$jar" ] || [ ! -f "$jar" ]; then
    echo "no agent jar: build it with 'mvn -B -pl lab-agent -am package -DskipTests' or pass --jar PATH" >&2
    exit 1
fi

echo "== Java runtime"
if ! java -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])'; then
    apt-get update
    if apt-cache show openjdk-17-jre-headless >/dev/null 2>&1; then
        apt-get install -y openjdk-17-jre-headless
    else
        # newer Raspberry Pi OS releases ship a later LTS only; it runs the Java 17 jar as well
        echo "openjdk-17-jre-headless is not offered by this release; installing the default headless JRE"
        apt-get install -y default-jre-headless
    fi
fi
java -version 2>&1 | head -n 1
for pkg in socat uhubctl; do
    if ! command -v "$pkg" >/dev/null 2>&1 && apt-cache show "$pkg" >/dev/null 2>&1; then
        apt-get install -y "$pkg" || true
    fi
done

echo "== user $user"
for g in gpio dialout plugdev; do
    getent group "$g" >/dev/null || groupadd --system "$g"
done
if ! id "$user" >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/otalab-agent --no-create-home --shell /usr/sbin/nologin \
        --user-group "$user"
fi
usermod -a -G gpio,dialout,plugdev "$user"

echo "== files in $prefix"
install -d -m 0755 "$prefix" "$prefix/flashmap"
install -m 0644 "$jar" "$prefix/lab-agent.jar"
if [ -d "$flashmaps" ]; then
    find "$flashmaps" -maxdepth 1 -name '*.json' -exec install -m 0644 {} "$prefix/flashmap/" \;
fi
install -m 0644 "$here/agent.example.yaml" "$prefix/agent.example.yaml"
install -m 0644 "$here/WIRING.md" "$prefix/WIRING.md"
[ -f "$repo/lab-agent/README.md" ] && install -m 0644 "$repo/lab-agent/README.md" "$prefix/README.md"
if [ ! -f "$prefix/agent.yaml" ]; then
    install -m 0644 "$here/agent.example.yaml" "$prefix/agent.yaml"
    echo "installed the example configuration as $prefix/agent.yaml: edit it for your wiring"
else
    echo "kept the existing $prefix/agent.yaml"
fi
install -d -o "$user" -g "$user" -m 0750 /var/lib/otalab-agent /var/lib/otalab-agent/work /var/lib/otalab-agent/tmp

echo "== systemd"
install -m 0644 "$here/otalab-lab-agent.service" /etc/systemd/system/otalab-lab-agent.service
systemctl daemon-reload
systemctl enable otalab-lab-agent.service
systemctl restart otalab-lab-agent.service || true
sleep 2
if systemctl is-active --quiet otalab-lab-agent.service; then
    echo "otalab-lab-agent is running: curl http://localhost:8091/api/v1/boards"
else
    echo "otalab-lab-agent did not start; the reason is in: journalctl -u otalab-lab-agent -n 50" >&2
    echo "(with the example configuration this is expected until agent.yaml matches your kits)" >&2
fi
