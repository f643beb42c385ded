"""The Apache Kafka broker jars: fetched once from Maven Central and cached per version.

Why Maven: the machines have Java and Maven but no Docker, and Maven Central serves the
official ``kafka_2.13`` server jars with every runtime dependency (``deploy/kafka/pom.xml``).
The download goes to a temp dir renamed into place only when Maven succeeded, so an
interrupted fetch never leaves a half-filled cache; a file lock keeps parallel sessions
from fetching twice.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from stream.local.errors import BrokerError
from stream.local.process import file_lock
from stream.settings import PROJECT_ROOT

__all__ = ["KAFKA_VERSION", "POM_PATH", "fetch_jars"]

#: The one pinned broker release (see deploy/kafka/README.md for why this one).
KAFKA_VERSION = "4.3.1"

#: Maven project that lists the broker's runtime jars.
POM_PATH = PROJECT_ROOT / "deploy" / "kafka" / "pom.xml"

#: Written into a jar directory only after Maven finished, so half-done fetches are redone.
_JARS_COMPLETE = ".complete"


def fetch_jars(libs_root: Path, version: str = KAFKA_VERSION) -> Path:
    """The directory holding Kafka ``version``'s jars under ``libs_root``, fetched if missing."""
    target = libs_root / version
    if (target / _JARS_COMPLETE).exists():
        return target
    with file_lock(libs_root / f".{version}.lock"):
        if (target / _JARS_COMPLETE).exists():
            return target
        mvn = shutil.which("mvn")
        if mvn is None:
            raise BrokerError(
                "Maven ('mvn') is not on PATH; it is needed once to fetch the Kafka "
                f"{version} jars into {target} (apt-get install maven)."
            )
        if not POM_PATH.exists():
            raise BrokerError(f"missing {POM_PATH}")
        tmp = libs_root / f".{version}.tmp-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        cmd = [
            mvn,
            "-q",
            "-B",
            "-f",
            str(POM_PATH),
            "dependency:copy-dependencies",
            f"-DoutputDirectory={tmp}",
            f"-Dkafka.version={version}",
        ]
        result = subprocess.run(
            cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False
        )
        if result.returncode != 0 or not any(tmp.glob("kafka_2.13-*.jar")):
            shutil.rmtree(tmp, ignore_errors=True)
            output = (result.stdout + result.stderr).strip().splitlines()[-30:]
            raise BrokerError(
                f"fetching Kafka {version} jars failed (exit {result.returncode}): "
                + " ".join(cmd)
                + "\n"
                + "\n".join(output)
            )
        (tmp / _JARS_COMPLETE).write_text(version + "\n")
        shutil.rmtree(target, ignore_errors=True)
        tmp.rename(target)
    return target
