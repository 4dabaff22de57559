namespace Complaints.Core; public static class Placeholder { }
