#!/usr/bin/env bash
# Makes the package's own Java runtime with jlink, from the JDK that runs the build.
#
#   jlink-runtime.sh JDK_HOME LIB_DIR OUT_DIR EXCLUDE EXTRA COMPRESS
#
# Modules: what jdeps finds in LIB_DIR's jars, minus EXCLUDE, plus EXTRA (both comma-separated).
#   - jdeps starts from the tandem-*.jar roots and follows them over the class path (-R). Giving
#     every jar as a root fails: pcap4j-core's module-info requires "slf4j.api", a module name
#     slf4j 2 no longer has. Analysing the unpacked classes of every jar gave the same set.
#   - java.desktop is excluded by the pom: jdeps sees it through java.beans in typesafe-config's
#     bean binding (ConfigBeanFactory, unused), Jackson's optional @ConstructorProperties support
#     (guarded) and JNA's AWT helpers (never called). It alone would add ~12 MB.
# Two caches keep rebuilds cheap: the module list is reused while the jars are unchanged, and the
# runtime while the JDK, the modules and the options are unchanged (each keyed by a hash).
set -euo pipefail
jdk=${1%/} lib=$2 out=$3 exclude=${4:-} extra=${5:-} compress=${6:-zip-6}
for tool in java jdeps jlink; do
  [ -x "$jdk/bin/$tool" ] || { echo "jlink-runtime: $jdk has no bin/$tool (the build needs a full JDK)" >&2; exit 1; }
done
# On Linux, jlink's --strip-debug runs objcopy on the native libraries.
command -v objcopy >/dev/null || { echo "jlink-runtime: objcopy not found (apt-get install binutils)" >&2; exit 1; }
compgen -G "$lib/tandem-*.jar" >/dev/null || { echo "jlink-runtime: no tandem-*.jar in $lib" >&2; exit 1; }
t0=$SECONDS

jdk_id=$("$jdk/bin/java" -version 2>&1)
jars_key=$( { echo "$jdk_id"; (cd "$lib" && sha256sum -- *.jar); } | sha256sum | cut -c1-64)
deps_cache="$out.jdeps"
if [ "$(sed -n 1p "$deps_cache" 2>/dev/null)" = "$jars_key" ]; then
  found=$(sed -n 2p "$deps_cache")
else
  # Class-path analysis (no module resolution); --multi-release picks what a 21+ runtime loads.
  roots=("$lib"/tandem-*.jar)
  found=$("$jdk/bin/jdeps" --ignore-missing-deps --multi-release 21 --print-module-deps -R \
    --class-path "$lib/*" "${roots[@]}")
  printf '%s\n%s\n' "$jars_key" "$found" > "$deps_cache"
fi
list() { tr ',' '\n' <<<"$1" | sed '/^$/d'; }
modules=$( { list "$found" | grep -vxF -f <(list "$exclude"; echo '#none#'); list "$extra"; } | sort -u | paste -sd, -)

# --strip-debug drops Java debug attributes and (with objcopy) native debug sections.
# --generate-cds-archive: the launcher's per-installation AppCDS archive is a dynamic archive, which
# the JVM only makes and uses on top of a base (static) CDS archive; without one it refuses
# ("ArchiveClassesAtExit is unsupported when base CDS archive is not loaded") and every start
# loads every class from the jars.
opts=(--add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress="$compress"
  --generate-cds-archive)
runtime_key=$( { echo "$jdk_id"; echo "${opts[*]}"; } | sha256sum | cut -c1-64)
if [ -x "$out/bin/java" ] && [ "$(cat "$out.key" 2>/dev/null)" = "$runtime_key" ]; then
  echo "jlink-runtime: $out is up to date: $modules"
  exit 0
fi
echo "jlink-runtime: jdeps found $found; linking $modules"
rm -rf "$out" "$out.key"
"$jdk/bin/jlink" "${opts[@]}" --output "$out"
"$out/bin/java" -version >/dev/null 2>&1 || { echo "jlink-runtime: the new runtime does not start" >&2; exit 1; }
echo "$runtime_key" > "$out.key"
echo "jlink-runtime: $out: $(du -sh "$out" | cut -f1) in $((SECONDS - t0)) s"
