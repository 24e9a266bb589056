#!/usr/bin/env bash
# Builds the release bundle: dist/broadcaster-<version>-linux-x64.tar.gz, holding
#   broadcaster/Broadcaster          the executable (self-contained: no .NET needed on the server)
#   broadcaster/broadcaster.env.example   every required setting (copy of deploy/.env.example)
#   broadcaster/broadcaster.service  the systemd unit (deploy/broadcaster.service)
# The migrations of sql/ are embedded in the executable (`Broadcaster migrate`), so the bundle carries no sql/.
# Usage: scripts/publish.sh [--out DIR] [--framework-dependent]
#   --framework-dependent: the same bundle without the .NET runtime inside (needs the ASP.NET Core 10
#   runtime on the server); for machines that cannot restore the linux-x64 runtime pack.
# It builds from a copy of the sources in a temporary folder, so it never touches bin/ or obj/ of a working tree.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=$repo/dist
self_contained=true
while [ $# -gt 0 ]; do
  case $1 in
    --out) out=$2; shift 2 ;;
    --framework-dependent) self_contained=false; shift ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown option '$1' (see scripts/publish.sh --help)" >&2; exit 1 ;;
  esac
done
mkdir -p "$out"
out=$(cd "$out" && pwd)

version=$(git -C "$repo" describe --always --dirty 2>/dev/null || echo dev)
work=$(mktemp -d /tmp/broadcaster-publish.XXXXXX)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/src"
cp "$repo"/Directory.Build.props "$repo"/Directory.Packages.props "$work/"
cp -r "$repo/sql" "$work/sql"
(cd "$repo/src" && tar --exclude=bin --exclude=obj -cf - Broadcaster) | tar -xf - -C "$work/src"

bundle=$work/bundle/broadcaster
flags=(-c Release -r linux-x64 --self-contained "$self_contained" -o "$bundle" -nologo -v quiet
       -p:DebugType=none -p:GenerateDocumentationFile=false -p:InformationalVersion="$version"
       -nodeReuse:false --disable-build-servers)
if ! dotnet publish "$work/src/Broadcaster/Broadcaster.csproj" "${flags[@]}" >"$work/publish.log" 2>&1; then
  cat "$work/publish.log" >&2
  if [ "$self_contained" = true ] && grep -q 'Microsoft.NETCore.App.Runtime\|NETSDK1112\|NU1101\|NU1102' "$work/publish.log"; then
    echo "error: the linux-x64 runtime pack could not be restored; retry with --framework-dependent" >&2
  fi
  exit 1
fi
rm -f "$bundle"/appsettings.Development.json "$bundle"/*.pdb
cp "$repo/deploy/.env.example" "$bundle/broadcaster.env.example"
cp "$repo/deploy/broadcaster.service" "$bundle/broadcaster.service"
echo "$version" > "$bundle/VERSION"

kind=linux-x64; [ "$self_contained" = true ] || kind=linux-x64-framework-dependent
tarball=$out/broadcaster-$version-$kind.tar.gz
tar -C "$work/bundle" -czf "$tarball" broadcaster
echo "$tarball"
