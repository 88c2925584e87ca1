"""How much memory this process can still allocate.

The smallest of: the memory the system reports available
(``MemAvailable``), what the cgroup limit leaves (``memory.max`` minus
``memory.current``, cgroup v2; v1's ``memory.limit_in_bytes`` minus
``memory.usage_in_bytes``), and what the address-space limit
(``RLIMIT_AS``) leaves beyond the process's current virtual size.  Where a
source cannot be read it is skipped; with none readable, the physical
memory.
"""

import os
from pathlib import Path

try:
    import resource
except ImportError:  # not on Windows
    resource = None


def _read_int(path):
    try:
        text = Path(path).read_text().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _meminfo(field):
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _cgroup_left():
    for limit, usage in (
        ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
        (
            "/sys/fs/cgroup/memory/memory.limit_in_bytes",
            "/sys/fs/cgroup/memory/memory.usage_in_bytes",
        ),
    ):
        cap, used = _read_int(limit), _read_int(usage)
        if cap is not None and used is not None and cap < 2**60:
            return cap - used
    return None


def _address_space_left():
    if resource is None:
        return None
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY:
        return None
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
        used = pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        used = 0
    return soft - used


def physical_bytes():
    """The machine's physical memory (8 GiB when it cannot be read)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 8 * 2**30


def available_bytes():
    """Bytes this process can still allocate (see the module docstring)."""
    known = [
        v
        for v in (_meminfo("MemAvailable"), _cgroup_left(), _address_space_left())
        if v is not None
    ]
    return max(0, min(known)) if known else physical_bytes()


def check_memory(n_bytes, what, alternative):
    """Raise ``MemoryError`` before allocating ``n_bytes`` for ``what`` when
    they exceed the memory available to the process, naming the size and
    ``alternative``."""
    available = available_bytes()
    if n_bytes > available:
        raise MemoryError(
            f"{what} needs about {n_bytes / 2**30:.2f} GiB, more than the "
            f"{available / 2**30:.2f} GiB this process can still allocate: "
            f"{alternative}."
        )


def check_network_memory(network, data, batch_size):
    """Refuse, before allocating, a network whose parameters and buffers
    cannot fit: the flat vector, its gradient, the optimizer's buffers and a
    copy (five vectors), and a mini-batch's pass."""
    itemsize = data.Y.dtype.itemsize
    rows = max(min(200, data.n_samples), 1)
    if isinstance(batch_size, int):
        rows = min(max(batch_size, rows), data.n_samples)
    units = sum(network.layer_sizes[1:])
    check_memory(
        (5 * network.n_params + 4 * rows * units) * itemsize,
        f"a network of layers {network.layer_sizes} ({network.n_params} parameters)",
        "use smaller hidden layers",
    )
