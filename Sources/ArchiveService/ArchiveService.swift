import ZipStream
import Backends
