"""A real one-node Slurm cluster for the fleet tests, started from Debian's packages in a
private directory and stopped by the pids it started: its own munged (own socket, a copy of
munge's key or a fresh one), slurmctld and slurmd in the foreground, on free ports, with
proctrack/linuxproc and task/none (no cgroups needed). start() returns None, or the one
line saying which part could not start here (the tests skip with it)."""
import os
import shutil
import socket
import subprocess
import tempfile
import time

DAEMONS = ["munged", "slurmctld", "slurmd", "srun", "sbatch", "sinfo", "squeue", "scancel"]
START_SECONDS = 30


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def last_line(path):
    try:
        with open(path, errors="replace") as f:
            lines = [line.strip() for line in f if line.strip()]
        return lines[-1] if lines else "(empty log)"
    except OSError:
        return "(no log)"


class OneNodeSlurm:
    def __init__(self):
        self.dir = None
        self.processes = []
        self.env = None

    def missing(self):
        absent = [d for d in DAEMONS if not shutil.which(d)]
        if absent:
            return f"Slurm is not installed ({', '.join(absent)} missing; Debian: slurm-wlm munge)"
        if os.geteuid() != 0:
            return "slurmd must run as root to start tasks; this test runs as an unprivileged user"
        return None

    def start(self):
        why = self.missing()
        if why:
            return why
        self.dir = tempfile.mkdtemp(prefix="ridgeline-slurm-")
        os.chmod(self.dir, 0o711)  # munged wants its socket's directory closed to writers
        d = self.dir
        key = os.path.join(d, "munge.key")
        try:
            shutil.copyfile("/etc/munge/munge.key", key)
        except OSError:
            with open(key, "wb") as f:
                f.write(os.urandom(1024))
        os.chmod(key, 0o600)
        socket_path = os.path.join(d, "munge.sock")
        host = socket.gethostname()
        for sub in ["state", "spool"]:
            os.makedirs(os.path.join(d, sub))
        config = os.path.join(d, "slurm.conf")
        with open(config, "w") as f:
            f.write(f"""ClusterName=ridgeline-test
SlurmctldHost={host}
SlurmctldPort={free_port()}
SlurmdPort={free_port()}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket={socket_path}
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
StateSaveLocation={d}/state
SlurmdSpoolDir={d}/spool
SlurmctldPidFile={d}/slurmctld.pid
SlurmdPidFile={d}/slurmd.pid
SlurmctldLogFile={d}/slurmctld.log
SlurmdLogFile={d}/slurmd.log
NodeName={host} CPUs={os.cpu_count()} State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
""")
        self.env = dict(os.environ, SLURM_CONF=config)
        self.spawn(["munged", "-F", "-f", f"--socket={socket_path}", f"--key-file={key}",
                    f"--pid-file={d}/munged.pid", f"--seed-file={d}/munged.seed",
                    f"--log-file={d}/munged.log"], "munged")
        if not self.wait_for(lambda: os.path.exists(socket_path), 10):
            return f"munged did not start: {last_line(os.path.join(d, 'munged.log'))}"
        self.spawn(["slurmctld", "-D"], "slurmctld")
        self.spawn(["slurmd", "-D"], "slurmd")
        if not self.wait_for(self.node_idle, START_SECONDS):
            return (f"the node did not become idle in {START_SECONDS} s: slurmctld: "
                    f"{last_line(os.path.join(d, 'slurmctld.log'))}; slurmd: "
                    f"{last_line(os.path.join(d, 'slurmd.log'))}")
        return None

    def spawn(self, command, name):
        log = open(os.path.join(self.dir, f"{name}.out"), "w")
        self.processes.append(subprocess.Popen(command, env=self.env, stdout=log, stderr=log,
                                               stdin=subprocess.DEVNULL))

    def node_idle(self):
        for p in self.processes:
            if p.poll() is not None:
                return False
        r = subprocess.run(["sinfo", "-h", "-o", "%T"], env=self.env, capture_output=True,
                           text=True, timeout=10)
        return r.returncode == 0 and r.stdout.strip() == "idle"

    @staticmethod
    def wait_for(condition, seconds):
        until = time.monotonic() + seconds
        while time.monotonic() < until:
            if condition():
                return True
            time.sleep(0.2)
        return False

    def run(self, command, env_extra=None, timeout=180):
        env = dict(self.env, **(env_extra or {}))
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)

    def stop(self):
        # Jobs of this private cluster first (its controller knows no others), then the
        # daemons this object started, newest first, by their own pids.
        if self.env and self.processes:
            jobs = subprocess.run(["squeue", "-h", "-o", "%i"], env=self.env, capture_output=True,
                                  text=True, timeout=10).stdout.split()
            if jobs:
                subprocess.run(["scancel", *jobs], env=self.env, capture_output=True, timeout=10)
        for p in reversed(self.processes):
            if p.poll() is None:
                p.terminate()
        for p in reversed(self.processes):
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=5)
        self.processes = []
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None
